using CustomerChat.Broker.Stomp;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CustomerChat.Broker.Redis;

/// <summary>
/// Readiness (<c>/health/ready</c>, tag <c>ready</c>): <c>Healthy</c> (200) while the multiplexer is connected and
/// Redis answers a PING within a second; <c>Unhealthy</c> (503) otherwise, so a load balancer stops sending new
/// connections here while Redis is down. On a Redis Cluster with one or more masters unreachable but the rest
/// answering, <c>Degraded</c> (still 200, docs/SCALING.md "When a cluster node is down"): only the conversations and
/// channels in the missing masters' slots are unavailable, and every instance sees the same cluster, so taking
/// instances out of the balancer would help no one. Also <c>Degraded</c> while channels of a shard that came back are
/// being re-subscribed (<see cref="RedisSubscriptionRepair"/>): <c>Healthy</c> again means live delivery is whole again.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection redis, IBackplane backplane) : IHealthCheck
{
    /// <summary>The health check's name.</summary>
    public const string Name = "redis";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsAvailable)
        {
            return HealthCheckResult.Unhealthy("Redis is unreachable.");
        }

        if (!await redis.PingAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false))
        {
            return HealthCheckResult.Unhealthy("Redis does not answer PING.");
        }

        var unreachable = redis.UnreachableMasters();
        if (unreachable.Count > 0)
        {
            return HealthCheckResult.Degraded($"Redis Cluster masters unreachable: {string.Join(", ", unreachable)}; their slots are unavailable.");
        }

        var lost = backplane is RedisBackplane redisBackplane ? redisBackplane.LostSubscriptions() : 0;
        return lost == 0
            ? HealthCheckResult.Healthy("Redis answers.")
            : HealthCheckResult.Degraded($"{lost} Redis Cluster channels are being re-subscribed.");
    }
}
