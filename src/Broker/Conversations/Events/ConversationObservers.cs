using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>Calls every registered <see cref="IConversationObserver"/>, in order, logging (never throwing) their failures.</summary>
public sealed class ConversationObservers(IEnumerable<IConversationObserver> observers, ILogger<ConversationObservers> logger)
{
    private readonly IConversationObserver[] _observers = [.. observers];

    /// <summary>Tells every observer of <paramref name="change"/>.</summary>
    public async Task ChangedAsync(ConversationChange change)
    {
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnConversationChangedAsync(change).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                ConversationLog.ObserverFailed(logger, change.Conversation.Id, ex);
            }
        }
    }

    /// <summary>Tells every observer that <paramref name="message"/> was stored.</summary>
    public async Task MessageStoredAsync(ChatMessageView message, ConversationView conversation)
    {
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnMessageStoredAsync(message, conversation).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                ConversationLog.ObserverFailed(logger, conversation.Id, ex);
            }
        }
    }
}
