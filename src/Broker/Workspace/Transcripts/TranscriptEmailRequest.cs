namespace CustomerChat.Broker.Workspace.Transcripts;

/// <summary>The body of <c>POST /api/conversations/{id}/transcript/email</c>: <c>{"to"?}</c> (absent: the customer's email).</summary>
/// <param name="To">One email address, or null.</param>
public sealed record TranscriptEmailRequest(string? To);
