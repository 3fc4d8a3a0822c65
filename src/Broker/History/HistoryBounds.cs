namespace CustomerChat.Broker.History;

/// <summary>What is kept of a conversation's history (for <c>history.truncated</c>, docs/protocol.md §19).</summary>
/// <param name="Oldest">The id of the oldest kept message, or null when none is kept.</param>
/// <param name="MaxDeleted">The highest id trimmed away (retention <c>MaxMessagesPerConversation</c>), <see cref="StreamId.Zero"/> when none.</param>
public readonly record struct HistoryBounds(StreamId? Oldest, StreamId MaxDeleted)
{
    /// <summary>
    /// Whether a replay after <paramref name="since"/> misses messages: one newer than it was trimmed away.
    /// </summary>
    public bool IsTruncatedAfter(StreamId since) => MaxDeleted > since && Oldest is not null;
}
