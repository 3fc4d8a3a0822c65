namespace CustomerChat.Broker.Stomp;

/// <summary>
/// The instance itself as a subscriber of one routing key: every message published to <see cref="RoutingKey"/> on any
/// instance (through <see cref="IBackplane"/>) is handed to a callback here, on the publishing or backplane thread. For
/// an application's control announcements between instances (e.g. "end this user's sessions everywhere"), which no
/// client may see: pick a routing key no client destination maps to (clients' keys start with <c>/</c> or
/// <c>user:</c>, see <see cref="RoutingKeys"/>; docs/SCALING.md "Redis layout" lists the channels). Auto-acknowledged,
/// never held, never dropped as slow.
/// </summary>
public sealed class BackplaneListener : ISubscriptionSink, IAsyncDisposable
{
    private readonly SubscriptionRegistry _registry;
    private readonly IBackplane _backplane;
    private readonly Action<BrokerMessage> _received;
    private readonly Subscription _subscription;

    private BackplaneListener(SubscriptionRegistry registry, IBackplane backplane, string routingKey, Action<BrokerMessage> received)
    {
        _registry = registry;
        _backplane = backplane;
        _received = received;
        RoutingKey = routingKey;
        _subscription = new Subscription(this, "instance", routingKey, routingKey, AckMode.Auto, prefetch: 1, hold: false);
    }

    /// <summary>The routing key listened to.</summary>
    public string RoutingKey { get; }

    AckLedger ISubscriptionSink.Acks { get; } = new();

    int ISubscriptionSink.BacklogLimit => int.MaxValue;

    /// <summary>
    /// Starts listening: registered locally, then the backplane subscription awaited (a Redis <c>SUBSCRIBE</c> or
    /// <c>SSUBSCRIBE</c>), so a message published after this returns is received. Throws what the backplane throws.
    /// </summary>
    public static async Task<BackplaneListener> StartAsync(SubscriptionRegistry registry, IBackplane backplane, string routingKey, Action<BrokerMessage> received)
    {
        var listener = new BackplaneListener(registry, backplane, routingKey, received);
        registry.Add(listener._subscription);
        await backplane.SubscribeAsync(routingKey).ConfigureAwait(false);
        return listener;
    }

    /// <summary>Stops listening (the backplane subscription is released when this was its last local subscriber).</summary>
    public ValueTask DisposeAsync()
    {
        if (_registry.Remove(_subscription))
        {
            _backplane.Unsubscribe(RoutingKey);
        }

        return ValueTask.CompletedTask;
    }

    void ISubscriptionSink.Write(Subscription subscription, BrokerMessage message, string? ack) => _received(message);

    void ISubscriptionSink.Overflow()
    {
    }
}
