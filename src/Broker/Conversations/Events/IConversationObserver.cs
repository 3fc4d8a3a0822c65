using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Hears what happens to conversations, after it is stored and announced: the seam other capabilities plug into
/// (webhooks, routing, search indexes) without the chat knowing them. Called in registration order on the thread
/// that made the change, under the conversation's lock, so calls for one conversation come in order; an observer
/// must return quickly (enqueue, do not deliver), and an exception it throws is logged and never fails the change.
/// </summary>
public interface IConversationObserver
{
    /// <summary>A conversation was created, assigned, transferred, closed, rated, re-queued, labelled or removed (after its retention).</summary>
    Task OnConversationChangedAsync(ConversationChange change);

    /// <summary>A ChatMessage (a note too: <see cref="ChatMessageView.Private"/>) was stored and delivered.</summary>
    Task OnMessageStoredAsync(ChatMessageView message, ConversationView conversation);
}
