using System.Text.Json.Serialization;

namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary><c>{"type": "ticket.updated", "ticket": Ticket}</c> on the ticket's customer's <c>/user/queue/events</c> (docs/protocol.md §17 "Events").</summary>
/// <param name="Ticket">The ticket after the change.</param>
public sealed record TicketUpdatedEvent(Ticket Ticket)
{
    /// <summary>Always <c>ticket.updated</c> (on creation too).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "ticket.updated";
}
