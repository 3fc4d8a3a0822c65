namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>The webhook event types (docs/protocol.md §16 "Events") and what <c>data</c> is for each.</summary>
public static class WebhookEvents
{
    /// <summary>A conversation was opened; data = the Conversation.</summary>
    public const string ConversationCreated = "conversation.created";

    /// <summary>A conversation got an agent (claim, auto-assignment, transfer); data = the Conversation.</summary>
    public const string ConversationAssigned = "conversation.assigned";

    /// <summary>A conversation was closed; data = the Conversation.</summary>
    public const string ConversationClosed = "conversation.closed";

    /// <summary>A customer rated a conversation; data = the Conversation.</summary>
    public const string ConversationRated = "conversation.rated";

    /// <summary>A chat message was stored (not internal notes); data = the ChatMessage.</summary>
    public const string MessageCreated = "message.created";

    /// <summary>A ticket was created; data = the Ticket.</summary>
    public const string TicketCreated = "ticket.created";

    /// <summary>A ticket changed; data = the Ticket.</summary>
    public const string TicketUpdated = "ticket.updated";

    /// <summary>Every type, in documentation order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [ConversationCreated, ConversationAssigned, ConversationClosed, ConversationRated, MessageCreated, TicketCreated, TicketUpdated];

    /// <summary>Whether <paramref name="type"/> is one of <see cref="All"/> (exact, case-sensitive).</summary>
    public static bool IsKnown(string? type) => type is not null && All.Contains(type, StringComparer.Ordinal);
}
