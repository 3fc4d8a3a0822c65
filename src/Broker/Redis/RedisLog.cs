namespace CustomerChat.Broker.Redis;

/// <summary>Log messages of the Redis scale-out (backplane, stores, presence); event ids 6000–6099. Never message text.</summary>
internal static partial class RedisLog
{
    [LoggerMessage(6000, LogLevel.Information, "Redis scale-out: instance {InstanceId}, endpoints {EndPoints}, key prefix '{KeyPrefix}'")]
    public static partial void Starting(ILogger logger, string instanceId, string endPoints, string keyPrefix);

    [LoggerMessage(6001, LogLevel.Warning, "Redis is unavailable ({Reason}): the broker stays up, reports not ready and refuses SENDs it cannot store until Redis returns")]
    public static partial void Unavailable(ILogger logger, string reason);

    [LoggerMessage(6002, LogLevel.Information, "Redis is available again after {Seconds:0.0} s")]
    public static partial void Available(ILogger logger, double seconds);

    [LoggerMessage(6003, LogLevel.Information, "Redis is available")]
    public static partial void Connected(ILogger logger);

    [LoggerMessage(6004, LogLevel.Information, "Redis topology: {Kind}")]
    public static partial void Topology(ILogger logger, string kind);

    [LoggerMessage(6010, LogLevel.Warning, "Subscribing to Redis channel {Channel} did not complete within {Milliseconds} ms; it completes when Redis answers")]
    public static partial void SubscribeSlow(ILogger logger, string channel, double milliseconds);

    [LoggerMessage(6011, LogLevel.Warning, "Subscribing to or unsubscribing from Redis channel {Channel} failed; the client library retries on reconnect")]
    public static partial void SubscribeFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(6013, LogLevel.Information, "Re-subscribed Redis Cluster channel {Channel} after its shard came back")]
    public static partial void Resubscribed(ILogger logger, string channel);

    [LoggerMessage(6014, LogLevel.Warning, "Repairing Redis Cluster channel subscriptions failed")]
    public static partial void RepairFailed(ILogger logger, Exception exception);

    [LoggerMessage(6012, LogLevel.Error, "A backplane message on {Channel} could not be read and was dropped")]
    public static partial void BadMessage(ILogger logger, string channel, Exception exception);

    [LoggerMessage(6020, LogLevel.Information, "Instance {InstanceId} stopped refreshing its presence; {Count} of its users are now offline")]
    public static partial void InstanceExpired(ILogger logger, string instanceId, int count);

    [LoggerMessage(6021, LogLevel.Information, "Presence of this instance re-synchronised with Redis: {Online} users back online, {Offline} gone offline")]
    public static partial void PresenceResynced(ILogger logger, int online, int offline);

    [LoggerMessage(6022, LogLevel.Warning, "Presence maintenance failed")]
    public static partial void PresenceFailed(ILogger logger, Exception exception);
}
