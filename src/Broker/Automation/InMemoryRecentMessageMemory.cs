namespace CustomerChat.Broker.Automation;

/// <summary>
/// <see cref="IRecentMessageMemory"/> in this process, timed by <see cref="TimeProvider"/>. Expired entries are swept
/// now and then while writing, so memory stays bounded by the customers who wrote within the window.
/// </summary>
public sealed class InMemoryRecentMessageMemory(TimeProvider time) : IRecentMessageMemory
{
    private const int SweepEvery = 1024;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _writes;

    /// <summary>How many customers are remembered now (expired entries not yet swept included).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<string?> ExchangeAsync(string customerId, string fingerprint, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        string? previous = null;
        lock (_gate)
        {
            if (_entries.TryGetValue(customerId, out var old) && old.ExpiresAt > now)
            {
                previous = old.Fingerprint;
            }

            _entries[customerId] = new Entry(fingerprint, now + window);
            if (++_writes % SweepEvery == 0)
            {
                foreach (var (key, entry) in _entries)
                {
                    if (entry.ExpiresAt <= now)
                    {
                        _entries.Remove(key);
                    }
                }
            }
        }

        return ValueTask.FromResult(previous);
    }

    private readonly record struct Entry(string Fingerprint, DateTimeOffset ExpiresAt);
}
