using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.History;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serilog.Extensions.Logging;

namespace CustomerChat.Broker.Redis;

/// <summary>Registers the Redis scale-out (SPEC §7): used when <c>CustomerChat:Redis:Configuration</c> is set.</summary>
public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Replaces the in-memory backplane, history, conversation and presence stores with their Redis
    /// implementations, and adds the connection, the presence monitor and the <c>ready</c> health check.
    /// Call it after the in-memory registrations (<c>AddChatConversations</c> and the backplane).
    /// </summary>
    public static IServiceCollection AddRedisScaleOut(this IServiceCollection services)
    {
        services.AddSingleton<RedisConnection>();
        services.RemoveAll<IBackplane>();
        services.AddSingleton<IBackplane, RedisBackplane>();
        services.RemoveAll<IHistoryStore>();
        services.AddSingleton<IHistoryStore, RedisHistoryStore>();
        services.RemoveAll<IConversationStore>();
        services.AddSingleton<IConversationStore, RedisConversationStore>();
        services.RemoveAll<IPresenceStore>();
        services.AddSingleton<RedisPresenceStore>();
        services.AddSingleton<IPresenceStore>(sp => sp.GetRequiredService<RedisPresenceStore>());
        services.AddHostedService<RedisConnector>();
        services.AddHostedService<RedisPresenceMonitor>();
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
