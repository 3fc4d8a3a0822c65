
namespace CustomerChat.Broker.Identity;

/// <summary>
/// Reads who calls an HTTP endpoint, for every capability's endpoints (docs/protocol.md §16 "Who calls"):
/// <c>X-Api-Key: &lt;key&gt;</c> (an integration) or <c>Authorization: Bearer &lt;token&gt;</c> (a customer or an
/// agent). When <c>X-Api-Key</c> is present it decides alone: a wrong key is refused even with a valid token.
/// Typical use:
/// <code>
/// var caller = await HttpCaller.GetAsync(http);
/// if (caller is null) return HttpCaller.Unauthorized();
/// if (!caller.IsAgentOrApiKey) return HttpCaller.Forbidden("Only agents and API keys may …");
/// </code>
/// </summary>
public static class HttpCaller
{
    /// <summary>The API key header.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>The caller, or null when no credential is given or it is not valid (answer 401).</summary>
    public static async Task<Caller?> GetAsync(HttpContext http)
    {
        var services = http.RequestServices;
        if (http.Request.Headers.TryGetValue(ApiKeyHeader, out var presented))
        {
            var key = services.GetRequiredService<ApiKeyDirectory>().Verify(presented.ToString());
            return key is null ? null : Caller.ForApiKey(key);
        }

        var user = await BearerUser.GetAsync(http, services.GetRequiredService<TokenService>()).ConfigureAwait(false);
        if (user is null)
        {
            return null;
        }

        return Caller.ForUser(user, user.IsAgent && services.GetRequiredService<AgentDirectory>().IsAdmin(user.UserId));
    }

    /// <summary>The 401 problem for a missing or wrong credential.</summary>
    public static IResult Unauthorized() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A valid bearer token or X-Api-Key is required");

    /// <summary>A 403 problem with <paramref name="title"/> saying who may.</summary>
    public static IResult Forbidden(string title) => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: title);
}
