using System.Collections.Concurrent;
using System.Diagnostics;

namespace CustomerChat.WebhookBench;

/// <summary>
/// What one step saw, by the message text (unique per step): when it was sent and receipted at the customer, when its
/// <c>message.created</c> reached the receiver; and for every event, its <c>createdAt</c> against the arrival, the
/// arrival time, duplicates and bad signatures.
/// </summary>
internal sealed class StepRecorder
{
    private readonly ConcurrentDictionary<string, long> _sent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _receipted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _delivered = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _ids = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(long At, double CreatedToDeliveredMs)> _events = new();
    private int _duplicates, _badSignatures;

    public int Duplicates => Volatile.Read(ref _duplicates);

    public int BadSignatures => Volatile.Read(ref _badSignatures);

    public int Sent => _sent.Count;

    public int Receipted => _receipted.Count;

    public int MessagesDelivered => _delivered.Count;

    public int EventsDelivered => _ids.Count;

    /// <summary>Messages stored (receipted) whose <c>message.created</c> never reached the receiver.</summary>
    public int Undelivered => _receipted.Keys.Count(text => !_delivered.ContainsKey(text));

    /// <summary>Messages that got no RECEIPT (not stored, or not yet when the drain ended).</summary>
    public int Unreceipted => _sent.Keys.Count(text => !_receipted.ContainsKey(text));

    public void Sending(string text, long at) => _sent[text] = at;

    public void Receipt(string text, long at) => _receipted[text] = at;

    public void BadSignature() => Interlocked.Increment(ref _badSignatures);

    public void Delivered(string id, string type, string? text, DateTimeOffset createdAt, long at, DateTimeOffset wall)
    {
        if (!_ids.TryAdd(id, 0))
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        _events.Enqueue((at, (wall - createdAt).TotalMilliseconds));
        if (text is not null)
        {
            _delivered.TryAdd(text, at);
        }
    }

    /// <summary>Events that arrived within [from, to) (Stopwatch ticks).</summary>
    public int EventsBetween(long from, long to) => _events.Count(e => e.At >= from && e.At < to);

    /// <summary>Messages sent within [from, to).</summary>
    public int SentBetween(long from, long to) => _sent.Values.Count(t => t >= from && t < to);

    /// <summary>Receipts that arrived within [from, to).</summary>
    public int ReceiptsBetween(long from, long to) => _receipted.Values.Count(t => t >= from && t < to);

    /// <summary>RECEIPT at the customer → delivery at the receiver (ms; negative when the webhook came first), for messages sent from <paramref name="from"/> on.</summary>
    public double[] ReceiptToDelivery(long from) => Sorted(_sent.Where(s => s.Value >= from)
        .Select(s => _receipted.TryGetValue(s.Key, out var r) && _delivered.TryGetValue(s.Key, out var d) ? Stopwatch.GetElapsedTime(r, d).TotalMilliseconds : double.NaN)
        .Where(x => !double.IsNaN(x)));

    /// <summary>SEND at the customer → delivery (ms), for messages sent from <paramref name="from"/> on.</summary>
    public double[] SendToDelivery(long from) => Sorted(_sent.Where(s => s.Value >= from)
        .Select(s => _delivered.TryGetValue(s.Key, out var d) ? Stopwatch.GetElapsedTime(s.Value, d).TotalMilliseconds : double.NaN)
        .Where(x => !double.IsNaN(x)));

    /// <summary>SEND → RECEIPT at the customer (ms): the chat's own latency in the same run.</summary>
    public double[] SendToReceipt(long from) => Sorted(_sent.Where(s => s.Value >= from)
        .Select(s => _receipted.TryGetValue(s.Key, out var r) ? Stopwatch.GetElapsedTime(s.Value, r).TotalMilliseconds : double.NaN)
        .Where(x => !double.IsNaN(x)));

    /// <summary>The event's <c>createdAt</c> (broker clock) → arrival (receiver clock, same host), ms, for events arriving from <paramref name="from"/> on.</summary>
    public double[] CreatedToDelivery(long from) => Sorted(_events.Where(e => e.At >= from).Select(e => e.CreatedToDeliveredMs));

    private static double[] Sorted(IEnumerable<double> values)
    {
        var array = values.ToArray();
        Array.Sort(array);
        return array;
    }
}
