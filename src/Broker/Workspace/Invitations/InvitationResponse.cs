namespace CustomerChat.Broker.Workspace.Invitations;

/// <summary>The answer of <c>POST /api/invitations</c>: <c>{"url", "conversationId", "expiresAt"}</c>.</summary>
/// <param name="Url">The customer page with <c>?invitation=&lt;customer token&gt;</c>.</param>
/// <param name="ConversationId">The new active conversation, held by the inviting agent.</param>
/// <param name="ExpiresAt">When the link's token expires (UTC).</param>
public sealed record InvitationResponse(string Url, string ConversationId, DateTimeOffset ExpiresAt);
