namespace CustomerChat.Broker.Observability;

/// <summary>
/// What the connection layer reports to the metrics without the metrics knowing connections: read by the
/// observable instruments of <see cref="BrokerMetrics"/> when a collector asks (never on the hot path).
/// </summary>
public interface IConnectionStatistics
{
    /// <summary>Open WebSocket connections on this instance.</summary>
    int OpenConnections { get; }

    /// <summary>Connections whose STOMP session completed CONNECT.</summary>
    int ConnectedSessions { get; }

    /// <summary>The outbound queues now: the sum and the largest, in bytes and in frames.</summary>
    OutboundQueueTotals GetOutboundQueueTotals();
}
