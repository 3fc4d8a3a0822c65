namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>A validated <c>POST /api/tickets</c> body.</summary>
/// <param name="Subject">Trimmed, 1–200 code points.</param>
/// <param name="Description">Up to 10,000 code points, or null.</param>
/// <param name="Priority">Default normal.</param>
/// <param name="ConversationId">The conversation the ticket comes from, or null.</param>
public sealed record TicketDraft(string Subject, string? Description, TicketPriority Priority, string? ConversationId);
