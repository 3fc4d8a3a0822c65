namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>Which event a ticket change is: the webhook event types <c>ticket.created</c> and <c>ticket.updated</c>.</summary>
public enum TicketChange
{
    /// <summary><c>ticket.created</c>: a new ticket.</summary>
    Created,

    /// <summary><c>ticket.updated</c>: its status, assignee or priority changed.</summary>
    Updated,
}
