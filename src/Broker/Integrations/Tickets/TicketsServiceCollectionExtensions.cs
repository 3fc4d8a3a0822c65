using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>Registers and maps tickets (docs/protocol/tickets.md).</summary>
public static class TicketsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="TicketService"/>, the ticket store (in memory; in Redis when
    /// <c>CustomerChat:Redis:Configuration</c> is set, using the <c>RedisConnection</c> the Redis scale-out registers),
    /// and the stand-ins for the chat's seams unless registered already: <see cref="InMemoryTicketConversationLookup"/>
    /// and <see cref="NullTicketNotifier"/>.
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

        services.TryAddSingleton<InMemoryTicketConversationLookup>();
        services.TryAddSingleton<ITicketConversationLookup>(sp => sp.GetRequiredService<InMemoryTicketConversationLookup>());
        services.TryAddSingleton<ITicketNotifier, NullTicketNotifier>();
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
