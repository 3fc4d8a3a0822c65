namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>Log events of tickets (event ids 4200–4299).</summary>
internal static partial class TicketsLog
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "Ticket {TicketId} created by {Caller}")]
    public static partial void Created(ILogger logger, string ticketId, string caller);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Ticket {TicketId} updated by {Caller}: {Status}, assignee {Assignee}, {Priority}")]
    public static partial void Updated(ILogger logger, string ticketId, string caller, string status, string? assignee, string priority);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Announcing {Change} of ticket {TicketId} failed")]
    public static partial void NotifyFailed(ILogger logger, Exception exception, TicketChange change, string ticketId);
}
