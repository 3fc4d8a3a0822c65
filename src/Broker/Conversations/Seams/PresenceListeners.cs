namespace CustomerChat.Broker.Conversations;

/// <summary>Calls every registered <see cref="IPresenceListener"/>, in order, logging (never throwing) their failures.</summary>
public sealed class PresenceListeners(IEnumerable<IPresenceListener> listeners, ILogger<PresenceListeners> logger)
{
    private readonly IPresenceListener[] _listeners = [.. listeners];

    /// <summary>Tells every listener that <paramref name="userId"/> came online or went offline.</summary>
    public async Task NotifyAsync(string userId, bool isAgent, bool online)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                await listener.OnPresenceChangedAsync(userId, isAgent, online).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                ConversationLog.PresenceFailed(logger, userId, ex);
            }
        }
    }
}
