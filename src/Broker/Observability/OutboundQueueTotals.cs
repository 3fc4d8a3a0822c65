namespace CustomerChat.Broker.Observability;

/// <summary>The outbound queues of every connection at one moment (<see cref="IConnectionStatistics"/>).</summary>
/// <param name="SumBytes">Bytes queued over all connections.</param>
/// <param name="MaxBytes">Bytes queued on the fullest connection.</param>
/// <param name="SumFrames">MESSAGE frames queued over all connections.</param>
/// <param name="MaxFrames">MESSAGE frames queued on the fullest connection.</param>
public readonly record struct OutboundQueueTotals(long SumBytes, long MaxBytes, long SumFrames, long MaxFrames);
