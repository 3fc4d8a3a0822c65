namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>How a ticket command of <see cref="TicketService"/> ended.</summary>
public enum TicketOutcome
{
    /// <summary>Done (or nothing to do); the result carries the ticket.</summary>
    Ok,

    /// <summary>The request names something that does not exist, e.g. an unknown conversation (HTTP 400).</summary>
    Invalid,

    /// <summary>No such ticket (HTTP 404).</summary>
    NotFound,

    /// <summary>A status change the life cycle refuses (HTTP 409).</summary>
    Conflict,
}
