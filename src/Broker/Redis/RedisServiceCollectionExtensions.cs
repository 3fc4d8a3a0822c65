using CustomerChat.Broker.Stomp;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serilog.Extensions.Logging;

namespace CustomerChat.Broker.Redis;

/// <summary>Registers the Redis scale-out (docs/protocol.md §11): used when <c>CustomerChat:Redis:Configuration</c> is set.</summary>
public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Replaces the in-memory backplane with the Redis one and adds the connection and the <c>ready</c> health
    /// check. The chat's stores register their Redis implementations themselves (<c>AddChatRedisStores</c>).
    /// Call it after the in-memory backplane is registered.
    /// </summary>
    public static IServiceCollection AddRedisScaleOut(this IServiceCollection services)
    {
        services.AddSingleton<RedisConnection>();
        services.RemoveAll<IBackplane>();
        services.AddSingleton<IBackplane, RedisBackplane>();
        services.AddHostedService<RedisConnector>();
        services.AddHostedService<RedisSubscriptionRepair>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>(RedisHealthCheck.Name, tags: ["ready"]);

        // While Redis is down every readiness probe would log an error; RedisConnection logs the transition once
        // instead. The Serilog provider has a rule of its own, which outranks provider-less rules, so name it.
        const string healthChecks = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";
        services.Configure<LoggerFilterOptions>(filters => filters
            .AddFilter(healthChecks, LogLevel.Critical)
            .AddFilter<SerilogLoggerProvider>(healthChecks, LogLevel.Critical));
        return services;
    }
}
