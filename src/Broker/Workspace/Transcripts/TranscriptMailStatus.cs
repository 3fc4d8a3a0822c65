namespace CustomerChat.Broker.Workspace.Transcripts;

/// <summary>How a transcript email went.</summary>
public enum TranscriptMailStatus
{
    /// <summary>The SMTP server accepted the message.</summary>
    Sent,

    /// <summary>No SMTP host is configured (HTTP 503); nothing was attempted.</summary>
    NotConfigured,

    /// <summary>The recipient is not a valid email address (HTTP 400); nothing was attempted.</summary>
    InvalidRecipient,

    /// <summary>The SMTP server could not be reached or refused the message (HTTP 502); see the error.</summary>
    Failed,
}
