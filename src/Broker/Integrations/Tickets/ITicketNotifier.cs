namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>
/// Announces ticket changes (docs/protocol.md §17 "Events"). Called once per stored change, after the store
/// has it, never for a request that changed nothing. Implemented by the chat: it publishes
/// <c>{"type": "ticket.updated", "ticket": Ticket}</c> to the ticket's customer's <c>/user/queue/events</c> (when the
/// ticket has a customer; on creation too) and enqueues the webhook event <c>ticket.created</c> or
/// <c>ticket.updated</c> with <c>data</c> = the ticket. It must not wait for webhook delivery; a failure is logged by
/// the caller and never fails the request.
/// </summary>
public interface ITicketNotifier
{
    /// <summary>Announces that <paramref name="ticket"/> (its state after the change) was created or updated.</summary>
    Task NotifyAsync(TicketChange change, Ticket ticket, CancellationToken ct);
}
