using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// Carries a published message to the subscribers of a routing key on every broker instance, this one
/// included (SPEC §7). In memory it delivers locally; on Redis it goes through pub/sub and each instance
/// delivers to its own subscribers. Messages published by one caller for one key arrive in order.
/// </summary>
public interface IBackplane
{
    /// <summary>Publishes <paramref name="message"/> to the routing key <paramref name="key"/> on every instance.</summary>
    /// <exception cref="BackplaneUnavailableException">The backplane cannot take the message now.</exception>
    Task PublishAsync(string key, BrokerMessage message, CancellationToken cancellationToken = default);
}
