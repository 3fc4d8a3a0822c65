namespace CustomerChat.Broker.Conversations;

/// <summary>The body of <c>POST /api/conversations/{id}/transfer</c>: <c>{"toAgent"}</c>.</summary>
/// <param name="ToAgent">The other agent's username.</param>
public sealed record TransferBody(string? ToAgent);
