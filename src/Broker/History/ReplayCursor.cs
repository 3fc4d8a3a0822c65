using System.Diagnostics.CodeAnalysis;

namespace CustomerChat.Broker.History;

/// <summary>
/// Where an <c>x-since</c> replay starts (docs/protocol.md §19 "Cursors"): either one message id for every
/// conversation (<c>1700000000000-0</c>), or a comma-separated list of <c>&lt;conversationId&gt;=&lt;message id&gt;</c>
/// pairs, where a conversation not listed replays from <c>0-0</c> (everything kept).
/// </summary>
public sealed class ReplayCursor
{
    private readonly Dictionary<string, StreamId>? _perConversation;
    private readonly StreamId _all;

    private ReplayCursor(StreamId all, Dictionary<string, StreamId>? perConversation)
    {
        _all = all;
        _perConversation = perConversation;
    }

    /// <summary>The most pairs one cursor may hold.</summary>
    public const int MaxPairs = 1000;

    /// <summary>A cursor with one id for every conversation.</summary>
    public static ReplayCursor All(StreamId since) => new(since, null);

    /// <summary>The id after which <paramref name="conversationId"/> replays.</summary>
    public StreamId For(string conversationId) =>
        _perConversation is null ? _all : _perConversation.GetValueOrDefault(conversationId, StreamId.Zero);

    /// <summary>Parses an <c>x-since</c> value; false when it is neither form (or has more than <see cref="MaxPairs"/> pairs).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ReplayCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (!text.Contains('=', StringComparison.Ordinal))
        {
            if (!StreamId.TryParse(text, out var since))
            {
                return false;
            }

            cursor = All(since);
            return true;
        }

        var pairs = text.Split(',', StringSplitOptions.TrimEntries);
        if (pairs.Length > MaxPairs)
        {
            return false;
        }

        var map = new Dictionary<string, StreamId>(pairs.Length, StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !StreamId.TryParse(pair[(eq + 1)..], out var id))
            {
                return false;
            }

            map[pair[..eq]] = id;
        }

        cursor = new ReplayCursor(StreamId.Zero, map);
        return true;
    }
}
