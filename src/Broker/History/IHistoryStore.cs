using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.History;

/// <summary>
/// The messages of each conversation, in id order (docs/protocol.md §6 "/user/queue/messages", §5 retention). In memory by
/// default; on Redis a stream per conversation (<c>XADD … MAXLEN N *</c>, <c>XRANGE</c>), see docs/SCALING.md.
/// </summary>
public interface IHistoryStore
{
    /// <summary>
    /// Stores a message and gives it its id (greater than every earlier id of the conversation). The
    /// <see cref="ChatMessageView.Id"/> passed in is ignored. Returns the stored message with its id.
    /// </summary>
    /// <exception cref="BackplaneUnavailableException">The store cannot be reached; nothing was stored.</exception>
    Task<ChatMessageView> AppendAsync(ChatMessageView message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a message and publishes it to <paramref name="routingKeys"/> (as <paramref name="frame"/> makes it) as one
    /// step per conversation, so every subscriber on every instance sees a conversation's messages in id order
    /// (docs/protocol.md §19 "Order"). When the message carries a <see cref="ChatMessageView.ClientMessageId"/> that
    /// its sender already used in this conversation within <see cref="ClientMessageIds.Retention"/>, nothing is
    /// stored or published and the first message is returned with <see cref="HistoryAppend.Duplicate"/> set.
    /// </summary>
    /// <exception cref="BackplaneUnavailableException">The store cannot be reached; nothing was stored (on a Redis
    /// Cluster: or it was stored but not published, and a resend with the same client message id is answered).</exception>
    Task<HistoryAppend> AppendAndPublishAsync(ChatMessageView message, IReadOnlyList<string> routingKeys, Func<ChatMessageView, BrokerMessage> frame, CancellationToken cancellationToken = default);

    /// <summary>
    /// The message <paramref name="senderId"/> stored in the conversation under <paramref name="clientMessageId"/> within
    /// <see cref="ClientMessageIds.Retention"/>, or null. When the message was trimmed from the history since, a
    /// record with its id and client message id only (empty text).
    /// </summary>
    Task<ChatMessageView?> FindByClientMessageIdAsync(string conversationId, string senderId, string clientMessageId, CancellationToken cancellationToken = default);

    /// <summary>The oldest kept id and the highest id trimmed away (<see cref="StreamId.Zero"/> when none) of a conversation.</summary>
    Task<HistoryBounds> BoundsAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> messages with ids greater than <paramref name="after"/> (all when null), oldest first.</summary>
    Task<IReadOnlyList<ChatMessageView>> ReadAsync(string conversationId, StreamId? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Removes a conversation's history (retention).</summary>
    Task DeleteAsync(string conversationId, CancellationToken cancellationToken = default);
}
