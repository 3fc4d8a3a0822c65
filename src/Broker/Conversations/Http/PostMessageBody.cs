namespace CustomerChat.Broker.Conversations;

/// <summary>The body of <c>POST /api/conversations/{id}/messages</c>: <c>{"message", "clientMessageId"?}</c>.</summary>
/// <param name="Message">1 to 4,000 Unicode code points, not only white space.</param>
/// <param name="ClientMessageId">The sender's idempotency key (1–64 of <c>A-Za-z0-9._:-</c>), echoed in the ChatMessage.</param>
public sealed record PostMessageBody(string? Message, string? ClientMessageId = null);
