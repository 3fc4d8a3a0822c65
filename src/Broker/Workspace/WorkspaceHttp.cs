using System.Text.Json;
using CustomerChat.Broker.Identity;

namespace CustomerChat.Broker.Workspace;

/// <summary>
/// What the workspace endpoints share: the agents-only gate (401 without a valid bearer token, 403 for a
/// customer) and reading a JSON body after that gate, so a caller without rights learns nothing from the
/// body's validation.
/// </summary>
internal static class WorkspaceHttp
{
    /// <summary>The web defaults (camelCase, case-insensitive reading).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The agent calling, or the problem to answer instead (401 or 403).</summary>
    public static async Task<(UserIdentity? Agent, IResult? Refusal)> RequireAgentAsync(HttpContext http, TokenService tokens)
    {
        var user = await BearerUser.GetAsync(http, tokens).ConfigureAwait(false);
        if (user is null)
        {
            return (null, TypedResults.Problem(statusCode: 401, title: "A valid bearer token is required"));
        }

        return user.IsAgent
            ? (user, null)
            : (null, TypedResults.Problem(statusCode: 403, title: "Only agents may do this"));
    }

    /// <summary>The body as <typeparamref name="T"/>; null for an empty body, malformed JSON or the wrong shape.</summary>
    public static async Task<T?> ReadBodyAsync<T>(HttpContext http, CancellationToken ct)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Json, ct).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
