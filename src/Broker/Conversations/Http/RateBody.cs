namespace CustomerChat.Broker.Conversations;

/// <summary>The body of <c>POST /api/conversations/{id}/rate</c>: <c>{"score", "comment"?}</c>, the customer's rating after close.</summary>
/// <param name="Score">1 to 5.</param>
/// <param name="Comment">Up to 1,000 characters.</param>
public sealed record RateBody(int? Score, string? Comment = null);
