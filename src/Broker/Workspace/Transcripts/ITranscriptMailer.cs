namespace CustomerChat.Broker.Workspace.Transcripts;

/// <summary>
/// Sends a conversation's transcript by email (docs/protocol.md §14 "Transcript by email"). The SMTP
/// implementation reads <c>CustomerChat:Smtp</c>; without a host it sends nothing and says
/// <see cref="TranscriptMailStatus.NotConfigured"/>.
/// </summary>
public interface ITranscriptMailer
{
    /// <summary>Whether an SMTP host is configured (false: the email endpoint answers 503 at once).</summary>
    bool IsConfigured { get; }

    /// <summary>
    /// Sends one plain-text (UTF-8) message from the configured sender to <paramref name="to"/>. Never throws for
    /// SMTP or network faults: they come back as <see cref="TranscriptMailStatus.Failed"/>. Cancelling
    /// <paramref name="ct"/> throws <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <param name="to">One email address (<c>ada@example.com</c> or <c>Ada &lt;ada@example.com&gt;</c>).</param>
    /// <param name="subject">The subject line.</param>
    /// <param name="plainTextBody">The body, e.g. from <see cref="TranscriptFormatter"/>.</param>
    /// <param name="ct">Cancels the SMTP conversation.</param>
    Task<TranscriptMailResult> SendAsync(string to, string subject, string plainTextBody, CancellationToken ct);
}
