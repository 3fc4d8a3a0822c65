namespace CustomerChat.Protocol.Chat;

// Bodies a client SENDs to the /chat/* destinations (docs/protocol.md §5–6). Every field is nullable so a missing one
// can be named in the refusal rather than failing deserialization; unknown fields are ignored.

/// <summary><c>/chat/message</c>: <c>{"userFrom"?, "userTo"?, "message", "conversationId"?}</c>, the ChatMessage shape of Spring STOMP chat samples.</summary>
public sealed record ChatMessageRequest(string? UserFrom, string? UserTo, string? Message, string? ConversationId)
{
    /// <summary>The sender's idempotency key (docs/protocol.md §19), optional.</summary>
    public string? ClientMessageId { get; init; }

    /// <summary>A customer's department for a new conversation (docs/protocol.md §12), optional.</summary>
    public string? Department { get; init; }
}

/// <summary><c>/chat/note</c>: <c>{"conversationId", "message", "clientMessageId"?}</c> — a private note, agents only.</summary>
public sealed record NoteRequest(string? ConversationId, string? Message, string? ClientMessageId);

/// <summary><c>/chat/status</c>: <c>{"status": "available"|"away"}</c> — an agent's availability.</summary>
public sealed record StatusRequest(string? Status);

/// <summary><c>/chat/claim</c>: <c>{"conversationId"}</c>.</summary>
public sealed record ClaimRequest(string? ConversationId);

/// <summary><c>/chat/transfer</c>: <c>{"conversationId", "toAgent"}</c>; <c>toAgent</c> is the other agent's username.</summary>
public sealed record TransferRequest(string? ConversationId, string? ToAgent);

/// <summary><c>/chat/close</c>: <c>{"conversationId"?}</c> (a customer's own open conversation when absent).</summary>
public sealed record CloseRequest(string? ConversationId);

/// <summary><c>/chat/typing</c>: <c>{"conversationId"?, "typing"}</c>; <c>typing</c> defaults to true.</summary>
public sealed record TypingRequest(string? ConversationId, bool? Typing, string? UserTo);

/// <summary><c>/chat/read</c>: <c>{"conversationId"?, "messageId"}</c>: read up to and including that message.</summary>
public sealed record ReadRequest(string? ConversationId, string? MessageId, string? UserTo);

/// <summary><c>/chat/rate</c>: <c>{"conversationId"?, "score": 1..5, "comment"?}</c>, once, after close.</summary>
public sealed record RateRequest(string? ConversationId, int? Score, string? Comment);
