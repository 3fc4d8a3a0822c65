namespace CustomerChat.Broker.Observability;

/// <summary>
/// A monotonic count of events that many threads add to at once, read rarely (when metrics are collected). Each
/// processor adds to its own cell, one cache line apart, so the hot path is one uncontended
/// <see cref="Interlocked.Increment(ref long)"/> with no allocation and no lock; <see cref="Value"/> sums the cells.
/// </summary>
/// <remarks>
/// Why not <c>Counter&lt;long&gt;.Add</c> per frame: every measurement of a synchronous instrument goes to every
/// listener at once, and prometheus-net's meter adapter sorts the tags, allocates label arrays and looks up its
/// series under a lock for each one (see docs/PERFORMANCE.md, "Metrics on the hot path"). Orleans counts its
/// messaging the same way and publishes the sums through observable instruments.
/// </remarks>
internal sealed class StripedCounter
{
    private const int LongsPerCell = 8; // 64 bytes: one cache line per processor

    private readonly long[] _cells;
    private readonly int _mask;

    /// <summary>A counter with one cell per processor (rounded up to a power of two).</summary>
    public StripedCounter()
    {
        var width = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, Environment.ProcessorCount));
        _mask = width - 1;
        _cells = new long[width * LongsPerCell];
    }

    /// <summary>The sum of every cell: exact once the adding threads are done, a close lower bound while they run.</summary>
    public long Value
    {
        get
        {
            long sum = 0;
            for (var i = 0; i < _cells.Length; i += LongsPerCell)
            {
                sum += Volatile.Read(ref _cells[i]);
            }

            return sum;
        }
    }

    /// <summary>Adds one.</summary>
    public void Increment() => Interlocked.Increment(ref _cells[(Thread.GetCurrentProcessorId() & _mask) * LongsPerCell]);

    /// <summary>Adds <paramref name="count"/> (not negative).</summary>
    public void Add(long count) => Interlocked.Add(ref _cells[(Thread.GetCurrentProcessorId() & _mask) * LongsPerCell], count);
}
