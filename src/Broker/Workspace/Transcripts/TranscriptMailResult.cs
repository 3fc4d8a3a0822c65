namespace CustomerChat.Broker.Workspace.Transcripts;

/// <summary>The outcome of <see cref="ITranscriptMailer.SendAsync"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Error">For <see cref="TranscriptMailStatus.Failed"/> and <see cref="TranscriptMailStatus.InvalidRecipient"/>: a one-line reason, safe to show (no credentials); else null.</param>
public sealed record TranscriptMailResult(TranscriptMailStatus Status, string? Error = null)
{
    /// <summary>The message was sent.</summary>
    public static TranscriptMailResult Sent { get; } = new(TranscriptMailStatus.Sent);

    /// <summary>No SMTP host is configured.</summary>
    public static TranscriptMailResult NotConfigured { get; } = new(TranscriptMailStatus.NotConfigured, "Email is not configured on this broker.");
}
