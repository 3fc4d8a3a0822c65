namespace CustomerChat.Broker.Stomp;

/// <summary>Where a <see cref="Subscription"/> writes what it delivers: its session's outbox.</summary>
internal interface ISubscriptionSink
{
    /// <summary>The session's unacknowledged deliveries; its <see cref="AckLedger.Gate"/> guards every ack window.</summary>
    AckLedger Acks { get; }

    /// <summary>The most messages a client-ack subscription keeps waiting for its window before it counts as a slow consumer.</summary>
    int BacklogLimit { get; }

    /// <summary>Queues a MESSAGE for the client; <paramref name="ack"/> is the <c>ack</c> header (client ack modes) or null.</summary>
    void Write(Subscription subscription, BrokerMessage message, string? ack);

    /// <summary>The subscription's backlog passed <see cref="BacklogLimit"/>: the consumer is too slow.</summary>
    void Overflow();
}
