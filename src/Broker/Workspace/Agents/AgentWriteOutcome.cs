namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>The result of a write to <see cref="IAgentAccountStore"/>.</summary>
public enum AgentWriteOutcome
{
    /// <summary>Written.</summary>
    Done,

    /// <summary>Create: the username is taken. Replace: the account changed since it was read (its version differs).</summary>
    Conflict,

    /// <summary>No stored account has that username.</summary>
    NotFound,
}
