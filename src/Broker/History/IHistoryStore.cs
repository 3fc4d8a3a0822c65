using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.History;

/// <summary>
/// The messages of each conversation, in id order (docs/protocol.md §6 "/user/queue/messages", §5 retention). In memory by
/// default; on Redis a stream per conversation (<c>XADD … MAXLEN ~ N *</c>, <c>XRANGE</c>).
/// </summary>
public interface IHistoryStore
{
    /// <summary>
    /// Stores a message and gives it its id (greater than every earlier id of the conversation). The
    /// <see cref="ChatMessageView.Id"/> passed in is ignored. Returns the stored message with its id.
    /// </summary>
    /// <exception cref="BackplaneUnavailableException">The store cannot be reached; nothing was stored.</exception>
    Task<ChatMessageView> AppendAsync(ChatMessageView message, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> messages with ids greater than <paramref name="after"/> (all when null), oldest first.</summary>
    Task<IReadOnlyList<ChatMessageView>> ReadAsync(string conversationId, StreamId? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Removes a conversation's history (retention).</summary>
    Task DeleteAsync(string conversationId, CancellationToken cancellationToken = default);
}
