namespace CustomerChat.Broker.Stomp;

/// <summary>
/// Decides, per subscription, whether a live message is delivered (see <see cref="SubscriptionStart.Filter"/>).
/// Called from any publishing thread, concurrently; must be cheap and must not block.
/// </summary>
public interface IDeliveryFilter
{
    /// <summary>True to deliver <paramref name="message"/>, false to drop it silently.</summary>
    bool ShouldDeliver(BrokerMessage message);
}
