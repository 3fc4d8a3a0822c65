namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>What an account change through <see cref="AgentAccountService"/> came to (each maps to one HTTP status).</summary>
public enum AgentChangeOutcome
{
    /// <summary>Done (200, 201 or 204).</summary>
    Done,

    /// <summary>No such stored account (404).</summary>
    NotFound,

    /// <summary>The account is configured (<c>CustomerChat:Agents</c>) and read-only here (409).</summary>
    Configured,

    /// <summary>The username is taken by a configured or stored account (409).</summary>
    Taken,

    /// <summary>An administrator tried to disable, delete or demote its own account (409).</summary>
    OwnAccount,

    /// <summary>The account kept changing under concurrent writes (409; try again).</summary>
    Busy,
}
