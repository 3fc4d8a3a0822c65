using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Automation;

/// <summary>
/// The <c>spam</c> step (docs/protocol.md §13 "spam"): refuses a customer's message that holds more than
/// <c>Spam:MaxLinks</c> links (a link starts with <c>http://</c>, <c>https://</c>, <c>ftp://</c> or <c>www.</c>), or
/// that repeats the customer's previous message within <c>Spam:RepeatWindow</c> (30 s; compared after trimming,
/// collapsing white space and ignoring case). A message with the same <c>clientMessageId</c> as the previous one is
/// the same message sent again (its first try passed this step, then was never stored: the instance died or Redis
/// failed before the append), not a repeat: it passes. Agents' messages always pass.
/// </summary>
public sealed partial class SpamStep(IRecentMessageMemory memory, IOptions<SpamOptions> options) : IMessageStep
{
    /// <summary>The step's name in <c>CustomerChat:Pipeline:Steps</c>.</summary>
    public const string StepName = "spam";

    private readonly SpamOptions _options = options.Value;

    /// <inheritdoc />
    public string Name => StepName;

    /// <inheritdoc />
    public async ValueTask<StepResult> ProcessAsync(MessageDraft draft, CancellationToken cancellationToken)
    {
        if (!draft.IsFromCustomer)
        {
            return StepResult.Pass;
        }

        var links = CountLinks(draft.Text);
        if (links > _options.MaxLinks)
        {
            return StepResult.Refuse(_options.MaxLinks == 0
                ? "Messages may not contain links."
                : $"Messages may contain at most {_options.MaxLinks} link{(_options.MaxLinks == 1 ? "" : "s")} (this one has {links}).");
        }

        var fingerprint = Fingerprint(draft.Text);
        var entry = draft.ClientMessageId is { } id ? $"{fingerprint} {id}" : fingerprint;
        var previous = await memory.ExchangeAsync(draft.Sender.UserId, entry, _options.RepeatWindow, cancellationToken).ConfigureAwait(false);
        return IsRepeat(previous, fingerprint, draft.ClientMessageId)
            ? StepResult.Refuse($"This message repeats your previous one; please wait {_options.RepeatWindow.TotalSeconds:0} seconds before sending it again.")
            : StepResult.Pass;
    }

    /// <summary>
    /// Whether a message with <paramref name="fingerprint"/> and <paramref name="clientMessageId"/> repeats the remembered
    /// <paramref name="previous"/> entry (<c>&lt;fingerprint&gt;</c> or <c>&lt;fingerprint&gt; &lt;clientMessageId&gt;</c>;
    /// neither part holds a space): the same text under another client message id, or without one.
    /// </summary>
    private static bool IsRepeat(string? previous, string fingerprint, string? clientMessageId)
    {
        if (previous is null)
        {
            return false;
        }

        var space = previous.IndexOf(' ', StringComparison.Ordinal);
        var (previousFingerprint, previousId) = space < 0 ? (previous, null) : (previous[..space], previous[(space + 1)..]);
        return previousFingerprint == fingerprint && (clientMessageId is null || clientMessageId != previousId);
    }

    /// <summary>How many links <paramref name="text"/> holds (each <c>scheme://</c> or <c>www.</c> start counts once).</summary>
    public static int CountLinks(string text) => LinkStart().Count(text);

    /// <summary>
    /// A short fingerprint of a message for the repeat check: SHA-256 of the text trimmed, with white-space runs made
    /// one space and lower-cased, first 16 bytes in base64 (the memory never holds the text).
    /// </summary>
    public static string Fingerprint(string text)
    {
        var normal = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                normal.Append(' ');
                space = false;
            }

            normal.Append(char.ToLowerInvariant(c));
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(normal.ToString()), hash);
        return Convert.ToBase64String(hash[..16]);
    }

    [GeneratedRegex(@"(?:https?|ftp)://|(?<!//)\bwww\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkStart();
}
