namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>The result of a <see cref="TicketService"/> command.</summary>
/// <param name="Outcome">Ok, Invalid, NotFound or Conflict.</param>
/// <param name="Ticket">The ticket after the command when <see cref="TicketOutcome.Ok"/>; the unchanged ticket for a conflict; else null.</param>
/// <param name="Detail">A sentence for the problem's <c>detail</c> when not Ok.</param>
public sealed record TicketResult(TicketOutcome Outcome, Ticket? Ticket, string? Detail = null);
