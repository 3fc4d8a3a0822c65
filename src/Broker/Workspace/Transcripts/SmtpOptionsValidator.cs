using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Workspace.Transcripts;

/// <summary>
/// Checks <c>CustomerChat:Smtp</c> at start-up: with a <c>Host</c>, <c>From</c> must be an email address and
/// <c>Port</c> 1–65535; a <c>Password</c> without a <c>Username</c> is refused (it would be silently unused).
/// </summary>
public sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (!SmtpTranscriptMailer.TryParseAddress(options.From, out _))
        {
            failures.Add("CustomerChat:Smtp:From must be an email address (\"support@example.com\" or \"Support <support@example.com>\") when CustomerChat:Smtp:Host is set.");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add("CustomerChat:Smtp:Port must be from 1 to 65535.");
        }

        if (string.IsNullOrEmpty(options.Username) && !string.IsNullOrEmpty(options.Password))
        {
            failures.Add("CustomerChat:Smtp:Password is set without CustomerChat:Smtp:Username.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add("CustomerChat:Smtp:Timeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
