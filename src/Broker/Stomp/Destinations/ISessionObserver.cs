namespace CustomerChat.Broker.Stomp;

/// <summary>
/// Hears when sessions start and end (presence, opening a conversation on first connect…). Every registered
/// observer is called, in registration order, on the connection's read loop.
/// </summary>
public interface ISessionObserver
{
    /// <summary>After CONNECTED was queued: <see cref="StompSession.User"/> is set. An exception is logged, the session goes on.</summary>
    Task OnSessionOpenedAsync(StompSession session);

    /// <summary>Once when a CONNECTED session ends, however it ends. An exception is logged.</summary>
    Task OnSessionClosedAsync(StompSession session);
}
