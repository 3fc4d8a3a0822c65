using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Fills in an agent's routing fields (<c>status</c>, <c>activeConversations</c>, <c>capacity</c>) for the support
/// topic's snapshot (docs/protocol.md §12). The default leaves them out; routing replaces it.
/// </summary>
public interface IAgentStatusSource
{
    /// <summary>The agent's view with its routing fields; <paramref name="view"/> carries id, name and online.</summary>
    Task<AgentView> DescribeAsync(AgentView view);
}
