namespace CustomerChat.Broker.Workspace.CannedResponses;

/// <summary>
/// The chat's answer to "what did the customer last write in this conversation?", for
/// <c>GET /api/conversations/{id}/suggestions</c> (docs/protocol.md §14 "Suggestions").
/// Implemented by the chat from its history: the text of the newest ChatMessage of the conversation whose
/// <c>senderRole</c> is <c>customer</c> (never a note, a bot or an agent message).
/// </summary>
public interface ICustomerLastMessage
{
    /// <summary>
    /// The customer's last message in <paramref name="conversationId"/>; an empty string when the conversation
    /// exists but the customer has not written yet; null when there is no such conversation (HTTP 404).
    /// </summary>
    Task<string?> GetAsync(string conversationId, CancellationToken ct);
}
