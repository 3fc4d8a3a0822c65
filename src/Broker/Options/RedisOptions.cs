namespace CustomerChat.Broker.Options;

/// <summary>Redis settings under <c>CustomerChat:Redis</c> (docs/protocol.md §11).</summary>
public sealed class RedisOptions
{
    /// <summary>A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c>. Unset = in-memory, one instance.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key and channel, so several deployments can share one Redis. Default <c>cc:</c>.</summary>
    public string KeyPrefix { get; set; } = "cc:";

    /// <summary>How long an instance's users stay online after it stops refreshing its presence (a crash). Default 15 s.</summary>
    public TimeSpan PresenceExpiry { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether Redis is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);
}
