namespace CustomerChat.Broker.Identity;

/// <summary>Reads the user of an HTTP request from its <c>Authorization: Bearer</c> token (docs/protocol.md §8).</summary>
public static class BearerUser
{
    /// <summary>The validated user, or null when the header is missing or the token is not valid.</summary>
    public static Task<UserIdentity?> GetAsync(HttpContext http, TokenService tokens)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? tokens.ValidateAsync(header["Bearer ".Length..].Trim())
            : Task.FromResult<UserIdentity?>(null);
    }
}
