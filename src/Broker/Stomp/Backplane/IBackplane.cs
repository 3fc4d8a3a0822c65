namespace CustomerChat.Broker.Stomp;

/// <summary>
/// Carries a published message to the subscribers of a routing key on every broker instance, this one
/// included (docs/SCALING.md). In memory it delivers locally; on Redis it goes through pub/sub and each
/// instance delivers to its own subscribers. Messages published by one caller for one key arrive in order.
/// </summary>
public interface IBackplane
{
    /// <summary>Publishes <paramref name="message"/> to the routing key <paramref name="key"/> on every instance.</summary>
    /// <exception cref="BackplaneUnavailableException">The backplane cannot take the message now.</exception>
    Task PublishAsync(string key, BrokerMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Called for every new local subscription of <paramref name="key"/> (idempotent): completes once messages
    /// published to the key from now on reach this instance, so a RECEIPT or a snapshot taken after it misses
    /// nothing. Bounded in time; never throws (a failure is logged and retried by the backplane).
    /// </summary>
    ValueTask SubscribeAsync(string key);

    /// <summary>Called when <paramref name="key"/> lost its last local subscriber; returns at once.</summary>
    void Unsubscribe(string key);
}
