namespace CustomerChat.Broker.Options;

/// <summary>One agent account under <c>CustomerChat:Agents</c> (docs/protocol.md §9, §7).</summary>
public sealed class AgentAccountOptions
{
    /// <summary>The login name, which is also the agent's user id.</summary>
    public string Username { get; set; } = "";

    /// <summary>The name customers see, e.g. <c>Dana</c>.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>A hash from ASP.NET Core Identity's <c>PasswordHasher</c> (print one with <c>hash-password</c>).</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>
    /// Whether this agent administers integrations (manages webhooks, docs/protocol.md §16). Default false;
    /// the Development demo agent <c>alice</c> is an admin, <c>bob</c> is not.
    /// </summary>
    public bool Admin { get; set; }

    /// <summary>The agent's language (translation target for customers' messages, docs/protocol.md §13); null = <c>en</c>.</summary>
    public string? Locale { get; set; }

    /// <summary>The agent's own capacity of active conversations; null = <c>Conversations:AgentCapacity</c>.</summary>
    public int? Capacity { get; set; }

    /// <summary>The departments the agent serves (docs/protocol.md §12); empty = every department.</summary>
    public List<string> Departments { get; set; } = [];
}
