namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>
/// The body of <c>PATCH /api/tickets/{id}</c>, for the API description (the endpoint reads it with
/// <see cref="TicketRequests.ParsePatch"/>): each field changes only when present.
/// </summary>
/// <param name="Status"><c>open</c>, <c>in_progress</c> or <c>resolved</c>, along the life cycle.</param>
/// <param name="Assignee">An agent's username; null unassigns.</param>
/// <param name="Priority"><c>low</c>, <c>normal</c> or <c>high</c>.</param>
public sealed record TicketUpdateRequest(string? Status, string? Assignee, string? Priority);
