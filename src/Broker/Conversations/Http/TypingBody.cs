namespace CustomerChat.Broker.Conversations;

/// <summary>The body of <c>POST /api/conversations/{id}/typing</c>: <c>{"typing"}</c> (true when absent; an empty body is allowed).</summary>
/// <param name="Typing">Whether the user is typing now.</param>
public sealed record TypingBody(bool? Typing);
