using System.Text;
using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Workspace.DataProtection;

/// <summary>
/// This instance's listener for erasure announcements (<see cref="ErasedCustomerSessions.RoutingKey"/>): a
/// <see cref="BackplaneListener"/> that reads the customer id from each announcement's body, from any instance, and
/// ends that customer's sessions here (<see cref="ErasedCustomerSessions.EndLocal"/>). Subscribed at start-up, before
/// the server accepts connections (on Redis the channel subscription is confirmed before start-up goes on); the client
/// library re-subscribes after a Redis outage.
/// </summary>
internal sealed class ErasedCustomerListener(SubscriptionRegistry registry, IBackplane backplane, ErasedCustomerSessions sessions,
    ILogger<ErasedCustomerListener> logger) : IHostedService
{
    private BackplaneListener? _listener;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = await BackplaneListener.StartAsync(registry, backplane, ErasedCustomerSessions.RoutingKey, OnAnnouncement).ConfigureAwait(false);
        DataProtectionLog.Listening(logger, ErasedCustomerSessions.RoutingKey);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is { } listener)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnAnnouncement(BrokerMessage message)
    {
        var customerId = Encoding.UTF8.GetString(message.Body.Span);
        if (customerId.Length == 0)
        {
            DataProtectionLog.BadAnnouncement(logger);
            return;
        }

        sessions.EndLocal(customerId);
    }
}
