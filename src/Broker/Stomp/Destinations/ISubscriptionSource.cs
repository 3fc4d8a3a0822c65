using CustomerChat.Protocol;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// The first messages of a new subscription to one destination (a snapshot, the current state, a replay),
/// delivered before anything live. The subscription is held from the moment it is registered until
/// <see cref="StartAsync"/> returns, so nothing published meanwhile is lost; what was held is then delivered
/// unless it repeats an initial message (same <see cref="BrokerMessage.StreamKey"/> and message id) or the
/// returned <see cref="SubscriptionStart.Filter"/> rejects it.
/// </summary>
public interface ISubscriptionSource
{
    /// <summary>The destination served, exactly as clients subscribe to it, e.g. <c>/user/queue/events</c>.</summary>
    string Destination { get; }

    /// <summary>The initial messages for <paramref name="session"/>'s SUBSCRIBE <paramref name="frame"/>.</summary>
    /// <exception cref="BackplaneUnavailableException">The store cannot answer now; the SUBSCRIBE is refused with <c>unavailable</c>.</exception>
    ValueTask<SubscriptionStart> StartAsync(StompSession session, StompFrame frame);
}
