using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Where waiting conversations stand in their queue (docs/protocol.md §12): fills in
/// <see cref="ConversationView.QueuePosition"/> for the snapshot, the API and a customer's first
/// <c>conversation.state</c>, and gives the <c>queue.position</c> event a customer gets when it subscribes to its
/// events while waiting. The default knows no queue (positions stay null, no event); routing replaces it.
/// </summary>
public interface IQueuePositions
{
    /// <summary>The same conversations, waiting ones with <see cref="ConversationView.QueuePosition"/> set where known.</summary>
    Task<IReadOnlyList<ConversationView>> WithPositionsAsync(IReadOnlyList<ConversationView> conversations);

    /// <summary>The <c>queue.position</c> MESSAGE for <c>/user/queue/events</c> of a waiting conversation, or null.</summary>
    Task<BrokerMessage?> PositionEventAsync(ConversationView conversation);
}
