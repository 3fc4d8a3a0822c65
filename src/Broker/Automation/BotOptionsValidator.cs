using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Automation;

/// <summary>
/// Start-up checks of <c>CustomerChat:Bot</c>: a name, and every FAQ entry with at least one keyword made of a word and
/// an answer (an entry that could never match, or would answer nothing, is a configuration mistake).
/// </summary>
public sealed class BotOptionsValidator : IValidateOptions<BotOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, BotOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            failures.Add("CustomerChat:Bot:Name must not be blank.");
        }

        for (var i = 0; i < options.Faq.Count; i++)
        {
            var entry = options.Faq[i];
            if (entry.Keywords.Count == 0 || entry.Keywords.Any(k => WordScanner.Split(k, digits: true).Count == 0))
            {
                failures.Add($"CustomerChat:Bot:Faq:{i}:Keywords must hold at least one keyword, and every keyword at least one letter or digit.");
            }

            if (string.IsNullOrWhiteSpace(entry.Answer))
            {
                failures.Add($"CustomerChat:Bot:Faq:{i}:Answer must not be blank.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
