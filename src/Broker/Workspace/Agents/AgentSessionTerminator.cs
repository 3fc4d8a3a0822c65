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
        var ended = 0;
        foreach (var connection in connections.Live)
        {
            if (connection.Session.User is { IsAgent: true } user && user.UserId == username && !connection.IsClosing)
            {
                connection.Fail(Reason);
                ended++;
            }
        }

        AgentAccountLog.SessionsEnded(logger, username, ended);
        return ended;
    }
}
