using System.Collections.Concurrent;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// Which subscriptions of this instance listen on which routing key. Subscribers of a key are an
/// immutable array replaced under a per-key lock, so a fan-out reads without locking; a key whose last
/// subscriber leaves is removed atomically and a concurrent add retries (SignalR <c>HubGroupList</c>).
/// </summary>
public sealed class SubscriptionRegistry
{
    private readonly ConcurrentDictionary<string, Subscribers> _byKey = new(StringComparer.Ordinal);

    /// <summary>The number of keys with at least one subscriber.</summary>
    public int KeyCount => _byKey.Count;

    /// <summary>Adds a subscription under its key; true when it is the key's first local subscriber.</summary>
    public bool Add(Subscription subscription)
    {
        while (true)
        {
            bool created;
            var set = _byKey.GetOrAdd(subscription.Key, static _ => new Subscribers());
            lock (set)
            {
                if (set.Removed)
                {
                    continue;
                }

                created = set.Items.Length == 0;
                set.Items = [.. set.Items, subscription];
            }

            return created;
        }
    }

    /// <summary>Removes a subscription; drops the key when it was the last and then returns true.</summary>
    public bool Remove(Subscription subscription)
    {
        if (!_byKey.TryGetValue(subscription.Key, out var set))
        {
            return false;
        }

        var emptied = false;
        lock (set)
        {
            var index = Array.IndexOf(set.Items, subscription);
            if (index < 0)
            {
                return false;
            }

            var items = set.Items;
            set.Items = items.Length == 1 ? [] : [.. items.AsSpan(0, index), .. items.AsSpan(index + 1)];
            if (set.Items.Length == 0)
            {
                set.Removed = true;
                _byKey.TryRemove(new KeyValuePair<string, Subscribers>(subscription.Key, set));
                emptied = true;
            }
        }

        return emptied;
    }

    /// <summary>Whether any local subscription listens on <paramref name="key"/>.</summary>
    public bool HasSubscribers(string key) => _byKey.ContainsKey(key);

    /// <summary>Delivers a message to every local subscription of <paramref name="key"/>; returns how many.</summary>
    public int Deliver(string key, BrokerMessage message)
    {
        if (!_byKey.TryGetValue(key, out var set))
        {
            return 0;
        }

        var items = set.Items;
        foreach (var subscription in items)
        {
            subscription.Deliver(message);
        }

        return items.Length;
    }

    private sealed class Subscribers
    {
        public Subscription[] Items = [];
        public bool Removed;
    }
}
