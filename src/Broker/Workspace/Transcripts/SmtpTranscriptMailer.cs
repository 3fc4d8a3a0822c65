using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace CustomerChat.Broker.Workspace.Transcripts;

/// <summary>
/// <see cref="ITranscriptMailer"/> over SMTP with MailKit (docs/protocol.md §14 "Transcript by email"):
/// one SMTP conversation per message (connect, optional STARTTLS or TLS, optional AUTH, MAIL/RCPT/DATA, QUIT),
/// bounded by <see cref="SmtpOptions.Timeout"/>. The message is <c>text/plain; charset=utf-8</c> from
/// <see cref="SmtpOptions.From"/>, dated by the <see cref="TimeProvider"/>.
/// </summary>
public sealed class SmtpTranscriptMailer(IOptions<SmtpOptions> options, TimeProvider time, ILogger<SmtpTranscriptMailer> logger) : ITranscriptMailer
{
    private readonly SmtpOptions _options = options.Value;

    /// <inheritdoc />
    public bool IsConfigured => _options.Enabled;

    /// <inheritdoc />
    public async Task<TranscriptMailResult> SendAsync(string to, string subject, string plainTextBody, CancellationToken ct)
    {
        if (!_options.Enabled)
        {
            TranscriptLog.NotConfigured(logger);
            return TranscriptMailResult.NotConfigured;
        }

        if (!TryParseAddress(to, out var recipient))
        {
            return new TranscriptMailResult(TranscriptMailStatus.InvalidRecipient, "The recipient is not a valid email address.");
        }

        var message = new MimeMessage
        {
            Subject = subject,
            Date = time.GetUtcNow(),
            Body = new TextPart(TextFormat.Plain) { Text = plainTextBody },
        };
        message.From.Add(MailboxAddress.Parse(_options.From!));
        message.To.Add(recipient);

        var host = _options.Host!;
        var port = _options.EffectivePort;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        using var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, _options.Timeout.TotalMilliseconds) };
        try
        {
            await client.ConnectAsync(host, port, Security(), timeout.Token).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(_options.Username))
            {
                await client.AuthenticateAsync(_options.Username, _options.Password ?? "", timeout.Token).ConfigureAwait(false);
            }

            await client.SendAsync(message, timeout.Token).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, timeout.Token).ConfigureAwait(false);
            TranscriptLog.Sent(logger, host, port);
            return TranscriptMailResult.Sent;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var reason = ex is OperationCanceledException ? $"no answer within {_options.Timeout.TotalSeconds:0.#} s" : FirstLine(ex.Message);
            TranscriptLog.Failed(logger, host, port, $"{ex.GetType().Name}: {reason}");
            return new TranscriptMailResult(TranscriptMailStatus.Failed, "The mail server did not accept the message: " + reason);
        }
    }

    /// <summary>Whether <paramref name="text"/> is one mailbox with a <c>local@domain</c> address.</summary>
    internal static bool TryParseAddress(string? text, out MailboxAddress address)
    {
        address = null!;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 320 || text.AsSpan().IndexOfAny('\r', '\n') >= 0
            || !MailboxAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        var at = parsed.Address.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == parsed.Address.Length - 1)
        {
            return false;
        }

        address = parsed;
        return true;
    }

    private SecureSocketOptions Security() => !_options.UseTls
        ? SecureSocketOptions.None
        : _options.EffectivePort == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;

    private static string FirstLine(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? text : text[..end];
    }
}
