namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>The result of <see cref="TicketLifecycle.Decide"/>: the outcome and the status that follows.</summary>
/// <param name="Outcome">Moved, Unchanged or Refused.</param>
/// <param name="Next">The status after the decision (the current one unless <see cref="TicketTransitionOutcome.Moved"/>).</param>
public readonly record struct TicketTransition(TicketTransitionOutcome Outcome, TicketStatus Next);
