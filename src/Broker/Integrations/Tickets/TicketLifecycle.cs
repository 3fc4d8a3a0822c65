namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>
/// The ticket life cycle, in one pure function (docs/protocol.md §17 "Life cycle"):
/// <code>
/// open ──► in_progress ──► resolved
///   ▲                         │
///   └──────── reopen ─────────┘
/// </code>
/// <c>open → in_progress</c> (start), <c>in_progress → resolved</c> (resolve), <c>resolved → open</c> (reopen).
/// Asking for the status a ticket already has changes nothing and is not an error; every other pair
/// (<c>open → resolved</c>, <c>in_progress → open</c>, <c>resolved → in_progress</c>) is refused (HTTP 409).
/// </summary>
public static class TicketLifecycle
{
    /// <summary>Decides a requested status for a ticket in <paramref name="current"/>.</summary>
    public static TicketTransition Decide(TicketStatus current, TicketStatus requested)
    {
        if (current == requested)
        {
            return new(TicketTransitionOutcome.Unchanged, current);
        }

        var allowed = (current, requested) switch
        {
            (TicketStatus.Open, TicketStatus.InProgress) => true,
            (TicketStatus.InProgress, TicketStatus.Resolved) => true,
            (TicketStatus.Resolved, TicketStatus.Open) => true,
            _ => false,
        };
        return allowed ? new(TicketTransitionOutcome.Moved, requested) : new(TicketTransitionOutcome.Refused, current);
    }
}
