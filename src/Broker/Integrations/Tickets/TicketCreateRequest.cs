namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>
/// The body of <c>POST /api/tickets</c>, for the API description (the endpoint reads it with
/// <see cref="TicketRequests.ParseCreate"/>).
/// </summary>
/// <param name="ConversationId">The conversation the ticket comes from (its customer becomes the ticket's), optional.</param>
/// <param name="Subject">1–200 characters, required.</param>
/// <param name="Description">Up to 10,000 characters, optional.</param>
/// <param name="Priority"><c>low</c>, <c>normal</c> (default) or <c>high</c>.</param>
public sealed record TicketCreateRequest(string? ConversationId, string Subject, string? Description, string? Priority);
