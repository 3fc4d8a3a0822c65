namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>What <see cref="TicketLifecycle.Decide"/> says about a requested status.</summary>
public enum TicketTransitionOutcome
{
    /// <summary>An allowed move: the ticket takes the new status.</summary>
    Moved,

    /// <summary>The ticket already has that status: nothing to do (not an error).</summary>
    Unchanged,

    /// <summary>Not a move of the life cycle (HTTP 409); the ticket keeps its status.</summary>
    Refused,
}
