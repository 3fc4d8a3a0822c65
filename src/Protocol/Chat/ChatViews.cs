using System.Text.Json.Serialization;

namespace CustomerChat.Protocol.Chat;

/// <summary>
/// A delivered chat message (docs/protocol.md §5–6): <c>{"id", "conversationId", "userFrom", "userTo", "senderRole",
/// "senderName", "message", "timestamp"}</c>. <c>id</c> has the Redis stream id form <c>ms-seq</c> and is
/// also the MESSAGE frame's <c>message-id</c>; <c>userTo</c> is null while the conversation waits.
/// </summary>
public sealed record ChatMessageView(
    string Id,
    string ConversationId,
    string UserFrom,
    string? UserTo,
    string SenderRole,
    string SenderName,
    string Message,
    DateTimeOffset Timestamp)
{
    /// <summary>A private note (docs/protocol.md §14): delivered to agents only; false for every other message.</summary>
    public bool Private { get; init; }

    /// <summary>The sender's idempotency key (1–64 of <c>A-Za-z0-9._:-</c>), echoed; null when none was given.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientMessageId { get; init; }

    /// <summary>The message in the other party's language, when the translation step ran (docs/protocol.md §13).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MessageTranslationView? Translation { get; init; }
}

/// <summary><c>{"language", "text"}</c>: a ChatMessage translated into <c>language</c> (an ISO 639-1 code).</summary>
public sealed record MessageTranslationView(string Language, string Text);

/// <summary>A customer's rating of a closed conversation: score 1 to 5 and an optional comment.</summary>
public sealed record RatingView(int Score, string? Comment);

/// <summary>
/// A conversation (docs/protocol.md §5–6): <c>{"id", "state", "customerId", "customerName", "agentId", "agentName",
/// "createdAt", "lastMessage", ...}</c>; <c>state</c> is <c>waiting</c>, <c>active</c> or <c>closed</c>.
/// </summary>
public sealed record ConversationView(
    string Id,
    string State,
    string CustomerId,
    string CustomerName,
    string? AgentId,
    string? AgentName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ClosedAt,
    ChatMessageView? LastMessage,
    RatingView? Rating)
{
    /// <summary>When the last message was posted, or the creation time; drives the idle close.</summary>
    public DateTimeOffset LastActivityAt { get; init; } = CreatedAt;

    /// <summary>The department's queue it waits in (docs/protocol.md §12); null = the general queue.</summary>
    public string? Department { get; init; }

    /// <summary>While waiting: its place in its queue, 1 = next (docs/protocol.md §12); null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? QueuePosition { get; init; }

    /// <summary>The customer's language tag from its guest token (translation target for agents' messages), or null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CustomerLocale { get; init; }

    /// <summary>The customer's email address from its guest token or invitation (transcript by email), or null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CustomerEmail { get; init; }

    /// <summary>The labels agents gave it (docs/protocol.md §14), each 1–32 of <c>a-z0-9-</c>, at most 10.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];
}

/// <summary>The <c>state</c> values of a conversation.</summary>
public static class ConversationStates
{
    /// <summary>Opened by a customer, no agent yet.</summary>
    public const string Waiting = "waiting";

    /// <summary>Claimed by an agent.</summary>
    public const string Active = "active";

    /// <summary>Ended by either side or by the idle timeout.</summary>
    public const string Closed = "closed";
}

/// <summary>
/// An agent as listed in the support topic's snapshot: <c>{"id", "name", "online", "status", "activeConversations",
/// "capacity"}</c> (docs/protocol.md §12); the routing fields are left out when routing does not run.
/// </summary>
public sealed record AgentView(string Id, string Name, bool Online)
{
    /// <summary><c>available</c>, <c>away</c> or <c>offline</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    /// <summary>The active conversations the agent holds now.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ActiveConversations { get; init; }

    /// <summary>The most active conversations the agent may hold.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Capacity { get; init; }
}

/// <summary>The first MESSAGE on <c>/chat/topic/support</c>: <c>{"type": "snapshot", "conversations", "agents"}</c>.</summary>
public sealed record SnapshotEvent(IReadOnlyList<ConversationView> Conversations, IReadOnlyList<AgentView> Agents)
{
    /// <summary>Always <c>snapshot</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "snapshot";
}

/// <summary>
/// A conversation event: on the support topic <c>conversation.waiting|updated|claimed|transferred|closed</c>;
/// on <c>/user/queue/events</c> <c>conversation.state</c> with a <c>reason</c>
/// (<c>opened</c>, <c>claimed</c>, <c>transferred</c>, <c>closed</c>, <c>idle</c>, or null for the first state).
/// </summary>
public sealed record ConversationEvent(
    [property: JsonPropertyOrder(-1)] string Type,
    ConversationView? Conversation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FromAgent = null)
{
    /// <summary>On <c>conversation.claimed</c>: <c>agent</c> (a claim by hand) or <c>auto</c> (routing, docs/protocol.md §12).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AssignedBy { get; init; }
}

/// <summary><c>customer.connected</c> / <c>customer.disconnected</c> on the support topic.</summary>
public sealed record CustomerPresenceEvent([property: JsonPropertyOrder(-1)] string Type, string CustomerId, string CustomerName);

/// <summary><c>agent.online</c> / <c>agent.offline</c> on the support topic.</summary>
public sealed record AgentPresenceEvent([property: JsonPropertyOrder(-1)] string Type, string AgentId, string AgentName);

/// <summary><c>{"type": "typing", "conversationId", "userId", "name", "typing"}</c> to the other party.</summary>
public sealed record TypingEvent(string ConversationId, string UserId, string Name, bool Typing)
{
    /// <summary>Always <c>typing</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "typing";
}

/// <summary><c>{"type": "read", "conversationId", "userId", "messageId"}</c>: the other party read up to <c>messageId</c>.</summary>
public sealed record ReadEvent(string ConversationId, string UserId, string MessageId)
{
    /// <summary>Always <c>read</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "read";
}

/// <summary><c>{"type": "presence", "conversationId", "userId", "name", "role", "online"}</c>: the other party came or went.</summary>
public sealed record PresenceEvent(string ConversationId, string UserId, string Name, string Role, bool Online)
{
    /// <summary>Always <c>presence</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "presence";
}

/// <summary><c>{"type": "conversation.rated", "conversationId", "score", "comment"}</c> to the agent.</summary>
public sealed record RatedEvent(string ConversationId, int Score, string? Comment)
{
    /// <summary>Always <c>conversation.rated</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "conversation.rated";
}

/// <summary>A page of history from <c>GET /api/conversations/{id}/messages</c>: <c>next</c> is the <c>after</c> of the next page, or null.</summary>
public sealed record MessagePage(IReadOnlyList<ChatMessageView> Messages, string? Next);
