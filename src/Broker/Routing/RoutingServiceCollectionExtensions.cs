using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.Widget;
using CustomerChat.Protocol.Chat;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CustomerChat.Broker.Routing;

/// <summary>Registers routing (docs/protocol.md §12).</summary>
public static class RoutingServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>CustomerChat:Routing</c> (checked at start-up) and adds agent status, <c>/chat/status</c>, the queues,
    /// auto-assignment, positions and re-queue: in memory, or on Redis when <c>CustomerChat:Redis:Configuration</c> is set.
    /// Replaces the chat's defaults of <see cref="IAgentStatusSource"/> and <see cref="IQueuePositions"/> and the widget's
    /// <see cref="IAgentAvailability"/>, so call it after <c>AddChatConversations</c> and <c>AddWidget</c>.
    /// </summary>
    public static IServiceCollection AddChatRouting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RoutingOptions>()
            .Bind(configuration.GetSection(RoutingOptions.SectionName))
            .Validate(o => o.Mode is not null && (o.IsAuto || string.Equals(o.Mode, RoutingModes.Manual, StringComparison.OrdinalIgnoreCase)),
                $"{RoutingOptions.SectionName}:Mode must be '{RoutingModes.Auto}' or '{RoutingModes.Manual}'.")
            .Validate(o => o.RequeueAfter > TimeSpan.Zero && o.SweepInterval > TimeSpan.Zero && o.ReservationTimeout > TimeSpan.Zero,
                $"{RoutingOptions.SectionName}: RequeueAfter, SweepInterval and ReservationTimeout must be positive.")
            .Validate(o => o.EstimatorWindow >= 2, $"{RoutingOptions.SectionName}:EstimatorWindow must be at least 2.")
            .ValidateOnStart();

        if (string.IsNullOrWhiteSpace(configuration["CustomerChat:Redis:Configuration"]))
        {
            services.AddSingleton<IRoutingStore, InMemoryRoutingStore>();
        }
        else
        {
            services.AddSingleton<IRoutingStore, RedisRoutingStore>();
        }

        services.AddSingleton<RoutingQueues>();
        services.AddSingleton<AgentRoster>();
        services.AddSingleton<RoutingSignal>();
        services.AddSingleton<QueuePositions>();
        services.AddSingleton<AgentStatusService>();
        services.AddSingleton<IConversationRequeue, ConversationRequeue>();
        services.AddSingleton<IConversationObserver, RoutingObserver>();
        services.AddSingleton<IPresenceListener>(sp => sp.GetRequiredService<AgentStatusService>());
        services.RemoveAll<IAgentStatusSource>();
        services.AddSingleton<IAgentStatusSource>(sp => sp.GetRequiredService<AgentStatusService>());
        services.RemoveAll<IQueuePositions>();
        services.AddSingleton<IQueuePositions>(sp => sp.GetRequiredService<QueuePositions>());
        services.RemoveAll<IAgentAvailability>();
        services.AddSingleton<IAgentAvailability>(sp => sp.GetRequiredService<AgentStatusService>());
        services.AddSingleton<ISendHandler>(sp => new ChatCommandHandler<StatusRequest>(Destinations.ChatStatus,
            ChatJsonContext.Default.StatusRequest, sp.GetRequiredService<AgentStatusService>().SetByAgentAsync));
        services.AddHostedService<RoutingEngine>();
        return services;
    }
}
