namespace CustomerChat.Broker.Workspace.CannedResponses;

/// <summary>
/// One entry of <c>GET /api/conversations/{id}/suggestions</c>: a canned response and how well it fits the
/// customer's last message (docs/protocol.md §14 "Suggestions").
/// </summary>
/// <param name="Id">The canned response's id.</param>
/// <param name="ShortCode">Its short code.</param>
/// <param name="Content">Its text.</param>
/// <param name="Score">The cosine similarity of the TF-IDF vectors, in (0, 1], rounded to 4 decimals.</param>
public sealed record CannedSuggestion(string Id, string ShortCode, string Content, double Score);
