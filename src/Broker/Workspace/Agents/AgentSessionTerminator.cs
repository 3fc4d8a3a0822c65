using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>Ends the STOMP sessions of an agent on this instance with ERROR <c>account disabled</c> (docs/protocol.md §15).</summary>
public sealed class AgentSessionTerminator(ConnectionRegistry connections, ILogger<AgentSessionTerminator> logger)
{
    /// <summary>The ERROR frame's <c>message</c>.</summary>
    public const string Reason = "account disabled";

    /// <summary>Fails every live connection whose session belongs to agent <paramref name="username"/>; returns how many.</summary>
    public int End(string username)
    {
        var ended = connections.EndSessions(username, agent: true, Reason);
        AgentAccountLog.SessionsEnded(logger, username, ended);
        return ended;
    }
}
