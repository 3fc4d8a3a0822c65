namespace CustomerChat.Broker.Options;

/// <summary>
/// How frames move between the sockets and the broker, under <c>CustomerChat:Transport</c>. Both switches trade thread
/// hops for work done on the thread at hand; docs/PERFORMANCE.md ("Fan-out hops") gives the measurements behind the
/// defaults. Read once at start-up.
/// </summary>
public sealed class TransportOptions
{
    /// <summary>
    /// Kestrel's <c>SocketTransportOptions.UnsafePreferInlineScheduling</c>: socket completions and the transport's
    /// pipes run their continuations on the thread that completed them (the epoll thread, or the connection's writer
    /// for its own sends) instead of queueing them to the thread pool. Safe here because nothing on a connection's
    /// path blocks (every wait is awaited). Default false.
    /// </summary>
    public bool InlineScheduling { get; set; }

    /// <summary>
    /// Whether a delivery to a connection whose writer is parked (its outbox idle) wakes the writer on the queueing
    /// thread, so the MESSAGE is written there, instead of queueing the writer to the thread pool. The writer hands
    /// itself back to the pool after one batch when more is waiting, so a publisher is never kept writing for others.
    /// Default false.
    /// </summary>
    public bool InlineWrites { get; set; }
}
