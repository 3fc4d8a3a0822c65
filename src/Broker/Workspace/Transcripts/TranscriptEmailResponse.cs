namespace CustomerChat.Broker.Workspace.Transcripts;

/// <summary>The answer of a sent transcript email: <c>{"to"}</c>, the address it went to.</summary>
/// <param name="To">The recipient.</param>
public sealed record TranscriptEmailResponse(string To);
