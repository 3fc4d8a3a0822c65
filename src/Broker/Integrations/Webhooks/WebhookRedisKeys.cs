using CustomerChat.Broker.Redis;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>
/// The Redis keys of webhooks, all under the prefix and the one hash tag <c>{webhooks}</c> (so each atomic step
/// touches one slot of a Redis Cluster): <c>{p}{webhooks}:subs</c> (hash id → webhook JSON),
/// <c>{p}{webhooks}:pending</c> (stream of due attempts, consumer group <see cref="Group"/>),
/// <c>{p}{webhooks}:retry</c> (sorted set of attempt JSON by due time, ms), <c>{p}{webhooks}:log:{id}</c> (list).
/// </summary>
public sealed class WebhookRedisKeys(RedisKeys keys)
{
    /// <summary>The consumer group every instance reads <see cref="Pending"/> through.</summary>
    public const string Group = "senders";

    /// <summary>The stream field holding an attempt's JSON.</summary>
    public const string JobField = "job";

    /// <summary>Hash of managed webhooks.</summary>
    public string Subscriptions { get; } = keys.Prefix + "{webhooks}:subs";

    /// <summary>Stream of attempts due now.</summary>
    public string Pending { get; } = keys.Prefix + "{webhooks}:pending";

    /// <summary>Sorted set of later attempts, scored by due time (unix ms).</summary>
    public string Retry { get; } = keys.Prefix + "{webhooks}:retry";

    /// <summary>The deliveries log of one webhook, newest first.</summary>
    public string Log(string webhookId) => keys.Prefix + "{webhooks}:log:" + webhookId;
}
