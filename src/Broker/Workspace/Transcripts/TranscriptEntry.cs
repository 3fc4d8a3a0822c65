namespace CustomerChat.Broker.Workspace.Transcripts;

/// <summary>One message of a transcript, as <see cref="TranscriptFormatter"/> reads it.</summary>
/// <param name="Timestamp">When the message was stored (the ChatMessage's <c>timestamp</c>).</param>
/// <param name="SenderName">Who wrote it (the ChatMessage's <c>senderName</c>).</param>
/// <param name="Text">What was written (the ChatMessage's <c>message</c>).</param>
/// <param name="IsPrivate">Whether it is a private note (agents only).</param>
public sealed record TranscriptEntry(DateTimeOffset Timestamp, string SenderName, string Text, bool IsPrivate);
