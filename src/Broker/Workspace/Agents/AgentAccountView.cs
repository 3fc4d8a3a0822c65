namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>
/// An agent account as <c>/api/agents</c> shows it (docs/protocol.md §15): never the password or its hash.
/// </summary>
/// <param name="Username">The login name and user id.</param>
/// <param name="DisplayName">The name customers see.</param>
/// <param name="Capacity">The agent's own capacity, or null for the configured default.</param>
/// <param name="Departments">The departments served; empty = every department.</param>
/// <param name="Locale">The language tag, or null (<c>en</c>).</param>
/// <param name="Admin">Whether the agent is an administrator.</param>
/// <param name="Disabled">Whether the account is disabled (always false for configured accounts).</param>
/// <param name="Source"><c>configured</c> (<c>CustomerChat:Agents</c>, read-only here) or <c>store</c> (managed through this API).</param>
/// <param name="CreatedAt">When a stored account was created; null for configured ones.</param>
/// <param name="UpdatedAt">When a stored account last changed; null for configured ones.</param>
public sealed record AgentAccountView(
    string Username,
    string DisplayName,
    int? Capacity,
    IReadOnlyList<string> Departments,
    string? Locale,
    bool Admin,
    bool Disabled,
    string Source,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt);
