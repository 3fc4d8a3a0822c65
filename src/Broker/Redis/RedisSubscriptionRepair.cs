using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Redis;

/// <summary>
/// On a Redis Cluster, once a second, re-subscribes the channels a restarted shard lost
/// (<see cref="RedisBackplane.RepairSubscriptionsAsync"/>, docs/SCALING.md "When a cluster node is down"). Does nothing
/// on a single Redis (classic channels are re-subscribed by the client library on reconnect) and costs one in-memory
/// look-up per subscribed channel per second otherwise.
/// </summary>
public sealed class RedisSubscriptionRepair(IBackplane backplane, RedisConnection redis, TimeProvider time, ILogger<RedisSubscriptionRepair> logger) : BackgroundService
{
    /// <summary>How often the subscriptions are checked.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (backplane is not RedisBackplane redisBackplane)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!redis.IsCluster)
                {
                    continue;
                }

                try
                {
                    await redisBackplane.RepairSubscriptionsAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    RedisLog.RepairFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
