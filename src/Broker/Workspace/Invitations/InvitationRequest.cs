namespace CustomerChat.Broker.Workspace.Invitations;

/// <summary>The body of <c>POST /api/invitations</c>: <c>{"customerName", "email"?, "message"?}</c>.</summary>
/// <param name="CustomerName">The invited customer's display name, 1–80 characters after trimming.</param>
/// <param name="Email">The customer's email address (kept on the conversation for the transcript), or null.</param>
/// <param name="Message">The agent's first ChatMessage (at most 4000 code points), or null for none.</param>
public sealed record InvitationRequest(string? CustomerName, string? Email, string? Message);
