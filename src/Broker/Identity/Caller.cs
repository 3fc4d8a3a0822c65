
namespace CustomerChat.Broker.Identity;

/// <summary>
/// Who calls an HTTP endpoint (docs/protocol.md §16 "Who calls"): a user from a bearer token
/// (<see cref="User"/>, customer or agent) or an integration from <c>X-Api-Key</c> (<see cref="ApiKey"/>).
/// Exactly one of the two is set. Made by <see cref="HttpCaller.GetAsync"/>.
/// </summary>
public sealed class Caller
{
    private Caller(UserIdentity? user, ApiKeyIdentity? apiKey, bool isAdmin)
    {
        User = user;
        ApiKey = apiKey;
        IsAdmin = isAdmin;
    }

    /// <summary>The user of a bearer token, or null for an API key.</summary>
    public UserIdentity? User { get; }

    /// <summary>The integration of an API key, or null for a user.</summary>
    public ApiKeyIdentity? ApiKey { get; }

    /// <summary>Whether this is an agent whose account says <c>Admin: true</c>.</summary>
    public bool IsAdmin { get; }

    /// <summary>Whether this is an agent (admin or not).</summary>
    public bool IsAgent => User is { IsAgent: true };

    /// <summary>Whether this is a customer.</summary>
    public bool IsCustomer => User is { IsAgent: false };

    /// <summary>Whether this is an integration with an API key.</summary>
    public bool IsApiKey => ApiKey is not null;

    /// <summary>Agents and API keys: the callers that may read every conversation.</summary>
    public bool IsAgentOrApiKey => IsAgent || IsApiKey;

    /// <summary>Admins and API keys: the callers that may manage webhooks.</summary>
    public bool IsAdminOrApiKey => IsAdmin || IsApiKey;

    /// <summary>A display name: the user's <c>name</c> claim or the key's <c>Name</c>.</summary>
    public string Name => User?.Name ?? ApiKey!.Name;

    /// <summary>A stable id for logs and records: the user id, or <c>apikey:&lt;Name&gt;</c>.</summary>
    public string Id => User?.UserId ?? "apikey:" + ApiKey!.Name;

    /// <summary>A caller that is a user.</summary>
    public static Caller ForUser(UserIdentity user, bool isAdmin) => new(user, null, isAdmin && user.IsAgent);

    /// <summary>A caller that is an integration.</summary>
    public static Caller ForApiKey(ApiKeyIdentity apiKey) => new(null, apiKey, false);
}
