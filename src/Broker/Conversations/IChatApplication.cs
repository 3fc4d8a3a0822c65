using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// The chat product on top of the STOMP session (SPEC §4, §5): what happens when a user connects and
/// leaves, what a SEND to a <c>/chat/*</c> command does, and which messages a new subscription to the
/// support topic or a user queue gets first (snapshot, current state, <c>x-since</c> replay).
/// </summary>
public interface IChatApplication
{
    /// <summary>Called once the session is CONNECTED: presence and, for a customer, its open conversation.</summary>
    Task OnSessionOpenedAsync(StompSession session);

    /// <summary>Called once when the session ends, however it ends.</summary>
    Task OnSessionClosedAsync(StompSession session);

    /// <summary>
    /// Carries out a chat command (<c>/chat/message</c>, <c>/chat/claim</c>…) already allowed by the
    /// <see cref="AccessPolicy"/>. Returns null when done (and stored: the caller sends the RECEIPT), or a refusal.
    /// </summary>
    Task<Refusal?> HandleCommandAsync(StompSession session, string destination, StompFrame frame);

    /// <summary>
    /// The first messages of a new subscription, delivered before anything live: the snapshot on
    /// <c>/chat/topic/support</c>, the state on <c>/user/queue/events</c>, the replay after
    /// <paramref name="since"/> on <c>/user/queue/messages</c>. Empty for other destinations.
    /// </summary>
    /// <exception cref="FormatException"><paramref name="since"/> is not a message id.</exception>
    Task<IReadOnlyList<BrokerMessage>> GetInitialMessagesAsync(StompSession session, Subscription subscription, string? since);
}
