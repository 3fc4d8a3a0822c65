namespace CustomerChat.Broker.Workspace.CannedResponses;

/// <summary>
/// A canned response: a prepared answer an agent inserts into a chat (docs/protocol.md §14 "Canned responses").
/// JSON <c>{"id", "shortCode", "content"}</c>.
/// </summary>
/// <param name="Id">The server-chosen id, <c>cr-&lt;32 hex digits&gt;</c>.</param>
/// <param name="ShortCode">Unique across the deployment: 1–32 characters of <c>a-z0-9-</c>.</param>
/// <param name="Content">The text: 1–4,000 Unicode code points, not only white space.</param>
public sealed record CannedResponse(string Id, string ShortCode, string Content);
