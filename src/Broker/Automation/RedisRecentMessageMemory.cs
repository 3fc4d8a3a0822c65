using CustomerChat.Broker.Redis;
using StackExchange.Redis;

namespace CustomerChat.Broker.Automation;

/// <summary>
/// <see cref="IRecentMessageMemory"/> in Redis: one string key per customer, <c>{prefix}spam:{customerId}:last</c>
/// (the customer id is the key's hash tag), written with one <c>SET key fingerprint GET EX window</c>, so the
/// exchange is atomic and the key expires by itself after the window.
/// </summary>
public sealed class RedisRecentMessageMemory(RedisConnection redis) : IRecentMessageMemory
{
    /// <summary>The key of <paramref name="customerId"/>'s latest message fingerprint.</summary>
    public string KeyFor(string customerId) => $"{redis.Keys.Prefix}spam:{{{customerId}}}:last";

    /// <inheritdoc />
    public async ValueTask<string?> ExchangeAsync(string customerId, string fingerprint, TimeSpan window, CancellationToken cancellationToken)
    {
        var key = KeyFor(customerId);
        var previous = await redis.RunAsync("spam_set", (IDatabase db) => db.StringSetAndGetAsync(key, fingerprint, window)).ConfigureAwait(false);
        return previous.IsNull ? null : previous.ToString();
    }
}
