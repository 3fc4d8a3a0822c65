namespace CustomerChat.Broker.Stomp;

/// <summary>
/// An <see cref="OutboundFrame"/> as the <see cref="Outbox"/> holds it: with the broker clock's
/// <see cref="TimeProvider.GetTimestamp"/> when it was queued, so the age of the oldest waiting frame is known
/// without a second queue (the slow-consumer rule, docs/protocol.md §2). A struct: queueing allocates nothing.
/// </summary>
internal readonly struct QueuedFrame(OutboundFrame frame, long enqueuedAt)
{
    /// <summary>The frame to write.</summary>
    public OutboundFrame Frame { get; } = frame;

    /// <summary>The clock's timestamp when it was queued.</summary>
    public long EnqueuedAt { get; } = enqueuedAt;
}
