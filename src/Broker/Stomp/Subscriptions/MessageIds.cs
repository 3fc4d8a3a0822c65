namespace CustomerChat.Broker.Stomp;

/// <summary>
/// Message ids for topic and event messages: <c>&lt;instance&gt;-&lt;counter&gt;</c>, unique per instance run.
/// Chat messages use their history id (<c>ms-seq</c>) instead.
/// </summary>
public static class MessageIds
{
    private static readonly string Instance = Guid.NewGuid().ToString("N")[..8];
    private static long _counter;

    /// <summary>The next id, e.g. <c>t3f9a01c2-17</c>.</summary>
    public static string NextTopicId() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"t{Instance}-{Interlocked.Increment(ref _counter)}");
}
