using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Stomp;

/// <summary>The single-instance backplane: a publish is a local delivery.</summary>
public sealed class InMemoryBackplane(SubscriptionRegistry registry) : IBackplane
{
    /// <inheritdoc />
    public Task PublishAsync(string key, BrokerMessage message, CancellationToken cancellationToken = default)
    {
        registry.Deliver(key, message);
        return Task.CompletedTask;
    }
}
