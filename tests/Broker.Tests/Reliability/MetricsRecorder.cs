using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CustomerChat.Broker.Observability;

namespace CustomerChat.Broker.Tests.Reliability;

/// <summary>
/// Listens to one broker's <see cref="BrokerMetrics.Meter"/> (by instance, so brokers of other tests in the
/// process do not count) and adds up the counter measurements per instrument and tag set.
/// </summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    public MetricsRecorder(BrokerMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument is Counter<long>)
            {
                _totals.AddOrUpdate(Key(instrument.Name, tags), value, (_, total) => total + value);
            }
        });
        _listener.Start();
    }

    /// <summary>The sum recorded for <paramref name="instrument"/> with exactly this tag (or no tag).</summary>
    public long Total(string instrument, string? tag = null, string? value = null) =>
        _totals.TryGetValue(tag is null ? instrument : $"{instrument}{{{tag}={value}}}", out var total) ? total : 0;

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private static string Key(string instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        tags.Length == 0 ? instrument : $"{instrument}{{{tags[0].Key}={tags[0].Value}}}";
}
