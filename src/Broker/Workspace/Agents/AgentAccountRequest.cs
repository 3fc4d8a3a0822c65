namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>
/// The body of <c>POST /api/agents</c> and <c>PUT /api/agents/{username}</c> (docs/protocol.md §15), for the
/// OpenAPI description; the endpoints read it field by field (<see cref="AgentAccountPatch"/>), because in a PUT an
/// absent field keeps its value while <c>null</c> resets it.
/// </summary>
/// <param name="Username">POST: the new login name (1–32 of <c>a-z0-9._-</c>, starting with a letter or digit). PUT: absent or the same.</param>
/// <param name="DisplayName">The name customers see (1–80 characters; POST default: the username).</param>
/// <param name="Password">Write only: POST required, PUT optional; 8–128 characters, kept only as a PBKDF2 hash.</param>
/// <param name="Capacity">0–100 active conversations; null = <c>CustomerChat:Conversations:AgentCapacity</c>.</param>
/// <param name="Departments">Configured department ids (<c>GET /api/departments</c>), at most 20; empty = every department.</param>
/// <param name="Locale">A language tag (<c>de</c>, <c>fr-CA</c>); null = <c>en</c>.</param>
/// <param name="Admin">Whether the agent is an administrator (default false).</param>
/// <param name="Disabled">Whether the account is disabled (default false).</param>
public sealed record AgentAccountRequest(
    string? Username,
    string? DisplayName,
    string? Password,
    int? Capacity,
    IReadOnlyList<string>? Departments,
    string? Locale,
    bool? Admin,
    bool? Disabled);
