namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>
/// A ticket (docs/protocol.md §17): JSON <c>{"id", "subject", "description", "status", "priority",
/// "conversationId", "customerId", "assignee", "createdAt", "updatedAt"}</c>. It is also the <c>ticket</c> of a
/// <c>ticket.updated</c> event and the <c>data</c> of the <c>ticket.created</c> / <c>ticket.updated</c> webhooks.
/// </summary>
/// <param name="Id"><c>t-&lt;32 hex digits&gt;</c>.</param>
/// <param name="Subject">1–200 code points, trimmed.</param>
/// <param name="Description">Up to 10,000 code points, or null.</param>
/// <param name="Status">The life-cycle state (<see cref="TicketLifecycle"/>).</param>
/// <param name="Priority">low, normal or high.</param>
/// <param name="ConversationId">The conversation it came from, or null.</param>
/// <param name="CustomerId">That conversation's customer (fixed at creation), or null.</param>
/// <param name="Assignee">The agent's username, or null.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
/// <param name="UpdatedAt">When it last changed (UTC); equals <paramref name="CreatedAt"/> until then.</param>
public sealed record Ticket(
    string Id,
    string Subject,
    string? Description,
    TicketStatus Status,
    TicketPriority Priority,
    string? ConversationId,
    string? CustomerId,
    string? Assignee,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
