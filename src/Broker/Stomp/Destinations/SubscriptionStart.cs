namespace CustomerChat.Broker.Stomp;

/// <summary>What an <see cref="ISubscriptionSource"/> gives a new subscription.</summary>
/// <param name="Messages">Delivered first, in this order.</param>
/// <param name="Filter">Applied to every later message of the subscription (e.g. dropping a live copy of a replayed one), or null.</param>
/// <param name="Refusal">When set, the SUBSCRIBE is refused (the subscription is removed, no RECEIPT) and the rest is ignored.</param>
public sealed record SubscriptionStart(IReadOnlyList<BrokerMessage> Messages, IDeliveryFilter? Filter = null, Refusal? Refusal = null)
{
    /// <summary>No initial message, no filter.</summary>
    public static SubscriptionStart Empty { get; } = new([]);

    /// <summary>A refused SUBSCRIBE.</summary>
    public static SubscriptionStart Refused(Refusal refusal) => new([], null, refusal);
}
