namespace CustomerChat.LoadGen;

/// <summary>
/// A log-linear histogram of microseconds, safe to record into from many threads: exact below 2,048 µs,
/// then 1,024 sub-buckets per power of two (under 0.1 % error), so percentiles of millions of samples cost
/// a fixed 260 KiB. Worker processes send their buckets to the coordinator sparsely and it merges them.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int Linear = 2048;
    private const int SubBits = 10;
    private const int Sub = 1 << SubBits;
    private const int Octaves = 32;

    private readonly long[] _counts = new long[Linear + (Octaves * Sub)];
    private long _max;
    private long _total;

    public long Count => Interlocked.Read(ref _total);

    public long MaxMicros => Interlocked.Read(ref _max);

    public void Record(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }

        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        Interlocked.Increment(ref _total);
        var max = Volatile.Read(ref _max);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, micros, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>The value at <paramref name="percentile"/> (0..100), in microseconds; 0 when empty.</summary>
    public double Percentile(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(percentile / 100.0 * total);
        rank = Math.Clamp(rank, 1, total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperBound(i), MaxMicros);
            }
        }

        return MaxMicros;
    }

    /// <summary>Non-empty buckets as index, count pairs.</summary>
    public List<long[]> ToSparse()
    {
        var list = new List<long[]>();
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] != 0)
            {
                list.Add([i, _counts[i]]);
            }
        }

        return list;
    }

    public void Merge(IEnumerable<long[]> sparse, long max)
    {
        foreach (var pair in sparse)
        {
            _counts[pair[0]] += pair[1];
            _total += pair[1];
        }

        _max = Math.Max(_max, max);
    }

    public void Merge(LatencyHistogram other) => Merge(other.ToSparse(), other.MaxMicros);

    private static int IndexOf(long v)
    {
        if (v < Linear)
        {
            return (int)v;
        }

        var exponent = 63 - (int)long.LeadingZeroCount(v); // >= 11
        var octave = Math.Min(exponent - 11, Octaves - 1);
        var sub = (int)((v >> (exponent - SubBits)) & (Sub - 1));
        return Linear + (octave * Sub) + sub;
    }

    private static double UpperBound(int index)
    {
        if (index < Linear)
        {
            return index;
        }

        var octave = (index - Linear) / Sub;
        var sub = (index - Linear) % Sub;
        var exponent = octave + 11;
        return ((long)(Sub + sub + 1) << (exponent - SubBits)) - 1;
    }
}
