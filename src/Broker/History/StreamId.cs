using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CustomerChat.Broker.History;

/// <summary>
/// A message id in the Redis stream id form <c>&lt;milliseconds&gt;-&lt;sequence&gt;</c> (Redis <c>XADD</c>),
/// used in both modes so ids compare across conversations by time and increase within one (docs/protocol.md §5–6).
/// </summary>
public readonly record struct StreamId(long Milliseconds, long Sequence) : IComparable<StreamId>
{
    /// <summary>The smallest id, <c>0-0</c>.</summary>
    public static StreamId Zero => default;

    /// <summary>Parses <c>ms-seq</c> (or a bare <c>ms</c>, meaning <c>ms-0</c>).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out StreamId id)
    {
        id = default;
        if (string.IsNullOrEmpty(text) || text.Length > 41)
        {
            return false;
        }

        var dash = text.IndexOf('-');
        var msText = dash < 0 ? text.AsSpan() : text.AsSpan(0, dash);
        var seqText = dash < 0 ? "0".AsSpan() : text.AsSpan(dash + 1);
        if (!long.TryParse(msText, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !long.TryParse(seqText, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return false;
        }

        id = new StreamId(ms, seq);
        return true;
    }

    /// <summary>Parses <c>ms-seq</c>.</summary>
    /// <exception cref="FormatException">Not a stream id.</exception>
    public static StreamId Parse(string? text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a message id of the form <milliseconds>-<sequence>.");

    /// <summary>The next id after <paramref name="last"/> at time <paramref name="nowMs"/>, as Redis assigns them.</summary>
    public static StreamId Next(StreamId last, long nowMs) =>
        nowMs > last.Milliseconds ? new StreamId(nowMs, 0) : new StreamId(last.Milliseconds, last.Sequence + 1);

    /// <inheritdoc />
    public int CompareTo(StreamId other) =>
        Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds) : Sequence.CompareTo(other.Sequence);

    /// <summary>Orders ids.</summary>
    public static bool operator <(StreamId a, StreamId b) => a.CompareTo(b) < 0;

    /// <summary>Orders ids.</summary>
    public static bool operator >(StreamId a, StreamId b) => a.CompareTo(b) > 0;

    /// <summary>Orders ids.</summary>
    public static bool operator <=(StreamId a, StreamId b) => a.CompareTo(b) <= 0;

    /// <summary>Orders ids.</summary>
    public static bool operator >=(StreamId a, StreamId b) => a.CompareTo(b) >= 0;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Milliseconds}-{Sequence}");
}
