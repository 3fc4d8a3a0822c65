using CustomerChat.Broker.Automation;
using CustomerChat.Broker.Redis;
using StackExchange.Redis;

namespace CustomerChat.Broker.Workspace.DataProtection;

/// <summary>
/// Erases the spam filter's memory of a customer's last message on Redis (<c>{p}spam:{customerId}:last</c>, which
/// would otherwise expire by itself after the duplicate window). Registered in Redis mode only.
/// </summary>
public sealed class RecentMessageMemoryEraser(IRecentMessageMemory memory, RedisConnection redis) : ICustomerDataEraser
{
    /// <inheritdoc />
    public async Task EraseAsync(string customerId, CancellationToken ct)
    {
        if (memory is RedisRecentMessageMemory stored)
        {
            var key = stored.KeyFor(customerId);
            await redis.RunAsync("erase-spam-memory", (IDatabase db) => db.KeyDeleteAsync(key)).ConfigureAwait(false);
        }
    }
}
