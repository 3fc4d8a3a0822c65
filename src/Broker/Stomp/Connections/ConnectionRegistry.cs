using System.Collections.Concurrent;
using System.Net;
using CustomerChat.Broker.Observability;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// The open connections of this instance, with counts per user and per client address for the
/// connection limits (<c>MaxConnectionsPerUser</c>, <c>MaxConnectionsPerAddress</c>).
/// </summary>
public sealed class ConnectionRegistry : IConnectionStatistics
{
    private readonly ConcurrentDictionary<string, StompConnection> _all = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _perUser = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();

    /// <summary>Open connections.</summary>
    public int Count => _all.Count;

    /// <inheritdoc />
    int IConnectionStatistics.OpenConnections => _all.Count;

    /// <inheritdoc />
    int IConnectionStatistics.ConnectedSessions
    {
        get
        {
            var count = 0;
            foreach (var connection in Live)
            {
                if (connection.Session.IsConnected)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <inheritdoc />
    OutboundQueueTotals IConnectionStatistics.GetOutboundQueueTotals()
    {
        long sumBytes = 0, maxBytes = 0, sumFrames = 0, maxFrames = 0;
        foreach (var connection in Live)
        {
            long bytes = connection.Outbox.QueuedBytes, frames = connection.Outbox.QueuedFrames;
            sumBytes += bytes;
            maxBytes = Math.Max(maxBytes, bytes);
            sumFrames += frames;
            maxFrames = Math.Max(maxFrames, frames);
        }

        return new OutboundQueueTotals(sumBytes, maxBytes, sumFrames, maxFrames);
    }

    /// <summary>A moment's view of the open connections.</summary>
    public ICollection<StompConnection> All => _all.Values;

    /// <summary>
    /// The open connections, enumerated without locking or copying (connections may come and go meanwhile).
    /// For periodic walks over every connection: <see cref="All"/> takes every lock of the dictionary and copies
    /// it, which ten times a second over 10,000 connections is 800 KB of garbage a second.
    /// </summary>
    public IEnumerable<StompConnection> Live
    {
        get
        {
            foreach (var pair in _all)
            {
                yield return pair.Value;
            }
        }
    }

    /// <summary>
    /// Ends every session on this instance of the user <paramref name="userId"/> whose role is agent when
    /// <paramref name="agent"/> is true, customer otherwise, with ERROR <c>message</c> = <paramref name="reason"/>
    /// (STOMP 1.2 §"ERROR"; the connection closes once it is written). Returns how many sessions were ended.
    /// For an application that revokes a user (a disabled agent, an erased customer): tokens stay valid, so
    /// the application also refuses the user's next CONNECT.
    /// </summary>
    public int EndSessions(string userId, bool agent, string reason)
    {
        var ended = 0;
        foreach (var connection in Live)
        {
            if (!connection.IsClosing && connection.Session.User is { } user && user.IsAgent == agent && user.UserId == userId)
            {
                connection.Fail(reason);
                ended++;
            }
        }

        return ended;
    }

    /// <summary>Counts a new connection from <paramref name="address"/>; false when the address is at its limit.</summary>
    public bool TryReserveAddress(IPAddress? address, int max)
    {
        if (address is null)
        {
            return true;
        }

        return TryIncrement(_perAddress, address, max);
    }

    /// <summary>Gives back what <see cref="TryReserveAddress"/> took.</summary>
    public void ReleaseAddress(IPAddress? address)
    {
        if (address is not null)
        {
            Decrement(_perAddress, address);
        }
    }

    /// <summary>Registers an accepted connection.</summary>
    public void Add(StompConnection connection) => _all[connection.Context.ConnectionId] = connection;

    /// <summary>Forgets a closed connection.</summary>
    public void Remove(StompConnection connection) => _all.TryRemove(connection.Context.ConnectionId, out _);

    /// <summary>Counts a CONNECTED session for <paramref name="userId"/>; false when the user is at its limit.</summary>
    public bool TryAttachUser(string userId, int max) => TryIncrement(_perUser, userId, max);

    /// <summary>Gives back what <see cref="TryAttachUser"/> took; returns how many sessions the user still has here.</summary>
    public int DetachUser(string userId) => Decrement(_perUser, userId);

    /// <summary>How many CONNECTED sessions <paramref name="userId"/> has on this instance.</summary>
    public int SessionCount(string userId) => _perUser.TryGetValue(userId, out var n) ? n : 0;

    private static bool TryIncrement<TKey>(ConcurrentDictionary<TKey, int> counts, TKey key, int max)
        where TKey : notnull
    {
        while (true)
        {
            var current = counts.GetOrAdd(key, 0);
            if (current >= max)
            {
                return false;
            }

            if (counts.TryUpdate(key, current + 1, current))
            {
                return true;
            }
        }
    }

    private static int Decrement<TKey>(ConcurrentDictionary<TKey, int> counts, TKey key)
        where TKey : notnull
    {
        while (counts.TryGetValue(key, out var current))
        {
            if (current <= 1)
            {
                if (counts.TryRemove(new KeyValuePair<TKey, int>(key, current)))
                {
                    return 0;
                }
            }
            else if (counts.TryUpdate(key, current - 1, current))
            {
                return current - 1;
            }
        }

        return 0;
    }
}
