namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>A validated <c>PATCH /api/tickets/{id}</c> body: each field changes only when present.</summary>
/// <param name="Status">The requested status, or null when absent.</param>
/// <param name="SetsAssignee">Whether <c>assignee</c> was present (null or "" there unassigns).</param>
/// <param name="Assignee">The new assignee (an agent's username) or null to unassign; read only when <paramref name="SetsAssignee"/>.</param>
/// <param name="Priority">The new priority, or null when absent.</param>
public sealed record TicketPatch(TicketStatus? Status, bool SetsAssignee, string? Assignee, TicketPriority? Priority);
