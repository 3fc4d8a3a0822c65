using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>The defaults of <see cref="IAgentStatusSource"/> and <see cref="IQueuePositions"/> while no routing is registered: no routing fields, no positions.</summary>
public sealed class NoRouting : IAgentStatusSource, IQueuePositions
{
    /// <inheritdoc />
    public Task<AgentView> DescribeAsync(AgentView view) => Task.FromResult(view);

    /// <inheritdoc />
    public Task<IReadOnlyList<ConversationView>> WithPositionsAsync(IReadOnlyList<ConversationView> conversations) => Task.FromResult(conversations);

    /// <inheritdoc />
    public Task<BrokerMessage?> PositionEventAsync(ConversationView conversation) => Task.FromResult<BrokerMessage?>(null);
}
