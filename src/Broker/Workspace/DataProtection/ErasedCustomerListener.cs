using System.Text;
using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Workspace.DataProtection;

/// <summary>
/// This instance's listener for erasure announcements (<see cref="ErasedCustomerSessions.RoutingKey"/>): a
/// subscription of the instance itself in the <see cref="SubscriptionRegistry"/>, so the <see cref="IBackplane"/>
/// brings it every announcement, from any instance, the way it brings messages to a session's subscriptions. Its
/// sink does not write to a client: it reads the customer id from the body and ends that customer's sessions here
/// (<see cref="ErasedCustomerSessions.EndLocal"/>). Subscribed at start-up, before the server accepts connections
/// (on Redis the channel subscription is confirmed, bounded, before start-up goes on); the client library
/// re-subscribes after a Redis outage.
/// </summary>
internal sealed class ErasedCustomerListener : IHostedService, ISubscriptionSink
{
    private readonly SubscriptionRegistry _registry;
    private readonly IBackplane _backplane;
    private readonly ErasedCustomerSessions _sessions;
    private readonly ILogger<ErasedCustomerListener> _logger;
    private readonly Subscription _subscription;

    /// <summary>Creates the (not yet registered) subscription.</summary>
    public ErasedCustomerListener(SubscriptionRegistry registry, IBackplane backplane, ErasedCustomerSessions sessions, ILogger<ErasedCustomerListener> logger)
    {
        _registry = registry;
        _backplane = backplane;
        _sessions = sessions;
        _logger = logger;
        _subscription = new Subscription(this, "erasure", ErasedCustomerSessions.RoutingKey, ErasedCustomerSessions.RoutingKey,
            AckMode.Auto, prefetch: 1, hold: false);
    }

    /// <summary>Unused: auto-ack deliveries never touch the ledger.</summary>
    public AckLedger Acks { get; } = new();

    /// <summary>Unused: auto-ack deliveries have no backlog.</summary>
    public int BacklogLimit => int.MaxValue;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _registry.Add(_subscription);
        await _backplane.SubscribeAsync(ErasedCustomerSessions.RoutingKey).ConfigureAwait(false);
        DataProtectionLog.Listening(_logger, ErasedCustomerSessions.RoutingKey);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_registry.Remove(_subscription))
        {
            _backplane.Unsubscribe(ErasedCustomerSessions.RoutingKey);
        }

        return Task.CompletedTask;
    }

    /// <summary>An announcement arrived: ends the named customer's sessions on this instance.</summary>
    public void Write(Subscription subscription, BrokerMessage message, string? ack)
    {
        var customerId = Encoding.UTF8.GetString(message.Body.Span);
        if (customerId.Length == 0)
        {
            DataProtectionLog.BadAnnouncement(_logger);
            return;
        }

        _sessions.EndLocal(customerId);
    }

    /// <summary>Never called: auto-ack deliveries have no backlog.</summary>
    public void Overflow()
    {
    }
}
