namespace CustomerChat.Broker.Workspace.CannedResponses;

/// <summary>
/// The body of <c>POST /api/canned-responses</c> and <c>PUT /api/canned-responses/{id}</c>:
/// <c>{"shortCode", "content"}</c>, both required (PUT replaces the whole response).
/// </summary>
/// <param name="ShortCode">1–32 characters of <c>a-z0-9-</c>.</param>
/// <param name="Content">1–4,000 Unicode code points, not only white space.</param>
public sealed record CannedResponseRequest(string? ShortCode, string? Content);
