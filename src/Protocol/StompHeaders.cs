using System.Collections;

namespace CustomerChat.Protocol;

/// <summary>
/// The headers of a frame, in wire order. Repeated names are kept (a writer sends them all), but a lookup
/// returns the first occurrence, as STOMP 1.2 §"Repeated Header Entries" requires. Names are case-sensitive.
/// Small by design (the default limit is 64 entries), so lookups are linear over an array.
/// </summary>
public sealed class StompHeaders : IReadOnlyList<KeyValuePair<string, string>>
{
    private KeyValuePair<string, string>[] _items;
    private int _count;

    /// <summary>An empty header list.</summary>
    public StompHeaders() => _items = [];

    /// <summary>An empty header list with room for <paramref name="capacity"/> entries.</summary>
    public StompHeaders(int capacity) => _items = capacity == 0 ? [] : new KeyValuePair<string, string>[capacity];

    /// <summary>The number of entries, repeated names included.</summary>
    public int Count => _count;

    /// <summary>The entry at <paramref name="index"/> in wire order.</summary>
    public KeyValuePair<string, string> this[int index] =>
        (uint)index < (uint)_count ? _items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The value of the first header named <paramref name="name"/>, or null.</summary>
    public string? this[string name] => TryGet(name, out var value) ? value : null;

    /// <summary>Appends an entry, even when the name is already present.</summary>
    public StompHeaders Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, Math.Max(4, _count * 2));
        }

        _items[_count++] = new(name, value);
        return this;
    }

    /// <summary>Replaces the first entry named <paramref name="name"/> (or appends one) and removes any repeats.</summary>
    public StompHeaders Set(string name, string value)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            return Add(name, value);
        }

        _items[index] = new(name, value);
        for (var i = _count - 1; i > index; i--)
        {
            if (_items[i].Key == name)
            {
                RemoveAt(i);
            }
        }

        return this;
    }

    /// <summary>Removes every entry named <paramref name="name"/>; returns whether any was there.</summary>
    public bool Remove(string name)
    {
        var removed = false;
        for (var i = _count - 1; i >= 0; i--)
        {
            if (_items[i].Key == name)
            {
                RemoveAt(i);
                removed = true;
            }
        }

        return removed;
    }

    /// <summary>Looks up the first header named <paramref name="name"/>.</summary>
    public bool TryGet(string name, out string value)
    {
        var index = IndexOf(name);
        value = index < 0 ? string.Empty : _items[index].Value;
        return index >= 0;
    }

    /// <summary>Whether a header named <paramref name="name"/> is present.</summary>
    public bool Contains(string name) => IndexOf(name) >= 0;

    private int IndexOf(string name)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_items[i].Key, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private void RemoveAt(int index)
    {
        _count--;
        if (index < _count)
        {
            Array.Copy(_items, index + 1, _items, index, _count - index);
        }

        _items[_count] = default;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _items[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
