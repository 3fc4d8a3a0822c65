using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CustomerChat.Broker.Redis;

/// <summary>
/// Readiness (<c>/health/ready</c>, tag <c>ready</c>): healthy while the multiplexer is connected and Redis
/// answers a PING within a second. A load balancer stops sending new connections here while Redis is down.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
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

        return await redis.PingAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false)
            ? HealthCheckResult.Healthy("Redis answers.")
            : HealthCheckResult.Unhealthy("Redis does not answer PING.");
    }
}
