using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>Registers and maps tickets (docs/protocol.md §17).</summary>
public static class TicketsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="TicketService"/>, the ticket store (in memory; in Redis when
    /// <c>CustomerChat:Redis:Configuration</c> is set, using the <c>RedisConnection</c> the Redis scale-out registers),
    /// and the chat's side unless registered already: <see cref="ConversationTicketLookup"/> (the conversation store) and
    /// <see cref="ChatTicketNotifier"/> (the customer's events and the webhooks).
    /// </summary>
    public static IServiceCollection AddTickets(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration["CustomerChat:Redis:Configuration"]))
        {
            services.AddSingleton<ITicketStore, InMemoryTicketStore>();
        }
        else
        {
            services.AddSingleton<ITicketStore, RedisTicketStore>();
        }

        services.TryAddSingleton<ITicketConversationLookup, ConversationTicketLookup>();
        services.TryAddSingleton<ITicketNotifier, ChatTicketNotifier>();
        services.AddSingleton<TicketService>();
        return services;
    }

    /// <summary>Maps <c>/api/tickets</c>, <c>/api/tickets/{id}</c> and <c>/api/me/tickets</c>.</summary>
    public static IEndpointRouteBuilder MapTickets(this IEndpointRouteBuilder endpoints)
    {
        TicketEndpoints.Map(endpoints);
        return endpoints;
    }
}
