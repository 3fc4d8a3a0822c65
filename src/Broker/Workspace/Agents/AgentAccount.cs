namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>
/// An agent account kept in the store (docs/protocol.md §15 "Storage"), serialized as camelCase JSON. The password
/// is only ever kept as <see cref="PasswordHash"/> (ASP.NET Core Identity's PBKDF2, as for configured accounts).
/// </summary>
/// <param name="Username">The login name and user id: 1–32 of <c>a-z0-9._-</c>, starting with a letter or digit.</param>
/// <param name="DisplayName">The name customers see (1–80 characters).</param>
/// <param name="PasswordHash">The <c>PasswordHasher</c> hash of the password.</param>
/// <param name="Capacity">The agent's own capacity of active conversations (0–100); null = the configured default.</param>
/// <param name="Departments">The department ids the agent serves; empty = every department.</param>
/// <param name="Locale">The agent's language tag; null = <c>en</c>.</param>
/// <param name="Admin">Whether the agent administers accounts, webhooks and customer data.</param>
/// <param name="Disabled">Whether the account is disabled (cannot log in; tokens refused).</param>
/// <param name="CreatedAt">When the account was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Version">Incremented by every change; writes compare it (optimistic concurrency).</param>
public sealed record AgentAccount(
    string Username,
    string DisplayName,
    string PasswordHash,
    int? Capacity,
    IReadOnlyList<string> Departments,
    string? Locale,
    bool Admin,
    bool Disabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version);
