using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>Registers and maps the agent accounts managed by administrators (docs/protocol.md §15).</summary>
public static class AgentAccountServiceCollectionExtensions
{
    /// <summary>
    /// Adds the account store (in memory; in Redis when <c>CustomerChat:Redis:Configuration</c> is set, using the
    /// <c>RedisConnection</c> of the Redis scale-out, with <see cref="RedisAgentAccountSync"/> keeping every instance
    /// current), the cache that <see cref="AgentDirectory"/> and <see cref="TokenService"/> consult
    /// (<see cref="IAgentAccountSource"/>), <c>CustomerChat:AgentAccounts</c>, and, unless one is registered already,
    /// the <see cref="IConversationRequeue"/>: routing's re-queue (<see cref="RoutingConversationRequeue"/>) when routing
    /// is registered, else the stand-in <see cref="LoggingConversationRequeue"/>.
    /// </summary>
    public static IServiceCollection AddAgentAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgentAccountsOptions>().Bind(configuration.GetSection(AgentAccountsOptions.SectionName));
        // Routing's re-queue when routing is registered (it is in the broker), else the stand-in that only logs.
        services.TryAddSingleton<IConversationRequeue>(sp => sp.GetService<CustomerChat.Broker.Routing.IConversationRequeue>() is { } routing
            ? new RoutingConversationRequeue(routing)
            : ActivatorUtilities.CreateInstance<LoggingConversationRequeue>(sp));
        services.AddSingleton<AgentSessionTerminator>();
        services.AddSingleton<AgentAccountCache>();
        services.AddSingleton<IAgentAccountSource>(sp => sp.GetRequiredService<AgentAccountCache>());
        services.AddSingleton<AgentAccountService>();
        if (string.IsNullOrWhiteSpace(configuration["CustomerChat:Redis:Configuration"]))
        {
            services.AddSingleton<IAgentAccountStore, InMemoryAgentAccountStore>();
            services.AddSingleton<IAgentAccountChangeFeed, SingleInstanceChangeFeed>();
        }
        else
        {
            services.AddSingleton<RedisAgentAccountStore>();
            services.AddSingleton<IAgentAccountStore>(sp => sp.GetRequiredService<RedisAgentAccountStore>());
            services.AddSingleton<RedisAgentAccountSync>();
            services.AddSingleton<IAgentAccountChangeFeed>(sp => sp.GetRequiredService<RedisAgentAccountSync>());
            services.AddHostedService(sp => sp.GetRequiredService<RedisAgentAccountSync>());
        }

        return services;
    }

    /// <summary>Maps <c>/api/agents</c> and <c>/api/agents/{username}</c>.</summary>
    public static IEndpointRouteBuilder MapAgentAccounts(this IEndpointRouteBuilder endpoints)
    {
        AgentAccountEndpoints.Map(endpoints);
        return endpoints;
    }
}
