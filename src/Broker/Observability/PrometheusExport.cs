using System.Diagnostics.Metrics;
using Prometheus;

namespace CustomerChat.Broker.Observability;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format, through prometheus-net's <see cref="MeterAdapter"/>: it
/// listens to <see cref="System.Diagnostics.Metrics"/> instruments and keeps Prometheus collectors in a registry
/// of this host's own (not prometheus-net's process-wide default registry, so two brokers in one process, as in
/// the tests, never mix their numbers). Exported: the broker's meter (this instance, selected by object, not by
/// name), Kestrel's meter of this host without its histograms (active, queued and upgraded connections) and the runtime's
/// <c>System.Runtime</c> meter (GC, heap, thread pool, CPU).
/// Names follow prometheus-net's translation, meter name + instrument name: <c>frames.received</c> of <c>CustomerChat.Broker</c> →
/// <c>customerchat_broker_frames_received</c>. prometheus-net exports every .NET counter as a Prometheus gauge (a
/// .NET counter may be re-created and start again), so the counters here are typed gauge; they only go up, and
/// <c>rate()</c>/<c>increase()</c> read them as usual.
/// </summary>
public sealed class PrometheusExport : IDisposable
{
    private readonly IDisposable _adapter;

    /// <summary>Starts listening.</summary>
    public PrometheusExport(BrokerMetrics metrics, IMeterFactory meterFactory)
    {
        Registry = Metrics.NewCustomRegistry();
        var ours = metrics.Meter;
        _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            MetricFactory = Metrics.WithCustomRegistry(Registry), // its default writes to the process-wide registry
            InstrumentFilterPredicate = instrument =>
                ReferenceEquals(instrument.Meter, ours)
                || instrument.Meter.Name == "System.Runtime"
                || (instrument.Meter.Name == "Microsoft.AspNetCore.Server.Kestrel" && ReferenceEquals(instrument.Meter.Scope, meterFactory)
                    && !instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal)),

            // Every tag of the broker's instruments has a small fixed set of values, so no series grows without
            // bound; a counter that stays still (no slow consumer for an hour) should not vanish from the scrape.
            // prometheus-net forgets a series unchanged this long (1 day is its maximum); if it comes back it
            // restarts from 0, which Prometheus's rate() reads as a counter reset.
            MetricsExpireAfter = TimeSpan.FromDays(1),
            ResolveHistogramBuckets = Buckets,
        });
    }

    /// <summary>The collectors <c>/metrics</c> serves.</summary>
    public CollectorRegistry Registry { get; }

    /// <inheritdoc />
    public void Dispose() => _adapter.Dispose();

    private static double[] Buckets(Instrument instrument) => instrument.Name switch
    {
        "redis.duration" => [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
        "connection.duration" => [1, 10, 60, 300, 1800, 3600, 14400, 86400],
        _ => MeterAdapterOptions.DefaultHistogramBuckets,
    };
}
