using System.Buffers.Text;
using System.Diagnostics;

namespace CustomerChat.LoadGen;

/// <summary>
/// What one process counted: publishes, deliveries (all, and those received inside the measured window),
/// the end-to-end latency of the latter, connect times and errors. Thread-safe.
/// </summary>
internal sealed class Stats
{
    /// <summary>The marker before the send timestamp in every body: <c>lg:</c> and 19 digits of Stopwatch ticks.</summary>
    public static ReadOnlySpan<byte> Marker => "lg:"u8;

    public const int StampDigits = 19;

    private static readonly double MicrosPerTick = 1_000_000.0 / Stopwatch.Frequency;
    private readonly List<string> _errorSamples = [];
    private long _published;
    private long _delivered;
    private long _deliveredInWindow;
    private long _errors;
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;

    public LatencyHistogram Latency { get; } = new();

    public LatencyHistogram ConnectTime { get; } = new();

    public long Published => Interlocked.Read(ref _published);

    public long Delivered => Interlocked.Read(ref _delivered);

    public long DeliveredInWindow => Interlocked.Read(ref _deliveredInWindow);

    public long Errors => Interlocked.Read(ref _errors);

    public IReadOnlyList<string> ErrorSamples
    {
        get
        {
            lock (_errorSamples)
            {
                return [.. _errorSamples];
            }
        }
    }

    public void SetWindow(long start, long end)
    {
        Volatile.Write(ref _windowStart, start);
        Volatile.Write(ref _windowEnd, end);
    }

    public void CountPublished() => Interlocked.Increment(ref _published);

    /// <summary>
    /// Counts a delivery of a load message (one whose body carries a stamp; snapshots and events do not count);
    /// when it arrived inside the window, records its latency.
    /// </summary>
    public void CountDelivery(ReadOnlySpan<byte> body, long receivedAt)
    {
        if (!TryReadStamp(body, out var sentAt))
        {
            return;
        }

        Interlocked.Increment(ref _delivered);
        if (receivedAt < Volatile.Read(ref _windowStart) || receivedAt >= Volatile.Read(ref _windowEnd))
        {
            return;
        }

        Interlocked.Increment(ref _deliveredInWindow);
        Latency.Record((long)((receivedAt - sentAt) * MicrosPerTick));
    }

    public void Error(string message)
    {
        Interlocked.Increment(ref _errors);
        lock (_errorSamples)
        {
            if (_errorSamples.Count < 5)
            {
                _errorSamples.Add(message);
            }
        }
    }

    public void RecordConnect(StompClient client) =>
        ConnectTime.Record((long)((client.ConnectedAt - client.StartedAt) * MicrosPerTick));

    /// <summary>Writes the current time as the stamp at <paramref name="offset"/> (19 zero-padded digits).</summary>
    public static void Stamp(Span<byte> frame, int offset)
    {
        var now = Stopwatch.GetTimestamp();
        for (var i = StampDigits - 1; i >= 0; i--)
        {
            frame[offset + i] = (byte)('0' + (now % 10));
            now /= 10;
        }
    }

    public static bool TryReadStamp(ReadOnlySpan<byte> body, out long stamp)
    {
        stamp = 0;
        var at = body.IndexOf(Marker);
        return at >= 0 && Utf8Parser.TryParse(body[(at + Marker.Length)..], out stamp, out var used) && used == StampDigits;
    }
}
