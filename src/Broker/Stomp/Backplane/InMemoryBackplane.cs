namespace CustomerChat.Broker.Stomp;

/// <summary>The single-instance backplane: a publish is a local delivery; there is nothing to subscribe to.</summary>
public sealed class InMemoryBackplane(SubscriptionRegistry registry) : IBackplane
{
    /// <inheritdoc />
    public Task PublishAsync(string key, BrokerMessage message, CancellationToken cancellationToken = default)
    {
        registry.Deliver(key, message);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask SubscribeAsync(string key) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public void Unsubscribe(string key)
    {
    }
}
