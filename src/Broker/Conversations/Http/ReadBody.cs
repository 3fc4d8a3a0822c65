namespace CustomerChat.Broker.Conversations;

/// <summary>The body of <c>POST /api/conversations/{id}/read</c>: <c>{"messageId"}</c>, read up to and including it.</summary>
/// <param name="MessageId">A message id of the form <c>&lt;milliseconds&gt;-&lt;sequence&gt;</c>.</param>
public sealed record ReadBody(string? MessageId);
