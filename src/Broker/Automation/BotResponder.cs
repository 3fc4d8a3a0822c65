using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Automation;

/// <summary>
/// The bot's decisions (docs/protocol.md §13 "The bot"), as pure logic: given a customer message that was just
/// stored, the texts the bot posts, in order. The message handler posts each as a ChatMessage with
/// <c>"userFrom": "bot"</c> (<see cref="UserId"/>), <c>"senderRole": "bot"</c> (<see cref="SenderRole"/>) and
/// <c>"senderName"</c> <see cref="Name"/>. The rules:
/// <list type="number">
/// <item>the conversation's first customer message gets the <c>Greeting</c> (bot enabled, greeting set);</item>
/// <item>outside business hours, the first customer message gets the offline message, even with the bot disabled;</item>
/// <item>while the conversation waits (bot enabled), a message with a handover word (<c>human</c>, <c>agent</c>,
/// <c>Mensch</c>, <c>Mitarbeiter</c>) gets the <c>HandoverMessage</c> and no FAQ answer; otherwise the first FAQ entry
/// whose keywords all occur in the message (whole words, case-insensitive) gets its answer.</item>
/// </list>
/// Once an agent holds the conversation the bot answers nothing. Thread-safe.
/// </summary>
public sealed class BotResponder
{
    /// <summary>The bot's <c>userFrom</c>.</summary>
    public const string UserId = "bot";

    /// <summary>The bot's <c>senderRole</c>.</summary>
    public const string SenderRole = "bot";

    private readonly BotOptions _options;
    private readonly HashSet<string> _handoverWords;
    private readonly (string[][] Keywords, string Answer)[] _faq;

    /// <summary>Reads <c>CustomerChat:Bot</c>.</summary>
    public BotResponder(IOptions<BotOptions> options)
    {
        _options = options.Value;
        _handoverWords = new HashSet<string>(_options.EffectiveHandoverWords.SelectMany(w => WordScanner.Split(w, digits: true)),
            StringComparer.OrdinalIgnoreCase);
        _faq = [.. _options.Faq
            .Select(entry => (Keywords: entry.Keywords.Select(k => WordScanner.Split(k, digits: true).ToArray()).Where(k => k.Length > 0).ToArray(), entry.Answer))
            .Where(entry => entry.Keywords.Length > 0 && !string.IsNullOrWhiteSpace(entry.Answer))];
    }

    /// <summary>Whether the bot is enabled (<c>CustomerChat:Bot:Enabled</c>).</summary>
    public bool Enabled => _options.Enabled;

    /// <summary>The bot's display name (<c>senderName</c>).</summary>
    public string Name => _options.Name;

    /// <summary>The bot's replies to one customer message, in the order to post them; empty when it has nothing to say.</summary>
    public IReadOnlyList<string> Respond(BotInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var replies = new List<string>(2);
        if (input.IsFirstCustomerMessage && _options.Enabled && !string.IsNullOrWhiteSpace(_options.Greeting))
        {
            replies.Add(_options.Greeting);
        }

        if (input.IsFirstCustomerMessage && !input.IsOpen && !string.IsNullOrWhiteSpace(input.OfflineMessage))
        {
            replies.Add(input.OfflineMessage);
        }

        if (!_options.Enabled || input.State != BotConversationState.Waiting)
        {
            return replies;
        }

        var words = WordScanner.Split(input.CustomerText, digits: true);
        if (words.Any(_handoverWords.Contains))
        {
            if (!string.IsNullOrWhiteSpace(_options.HandoverMessage))
            {
                replies.Add(_options.HandoverMessage);
            }

            return replies;
        }

        foreach (var (keywords, answer) in _faq)
        {
            if (keywords.All(phrase => ContainsPhrase(words, phrase)))
            {
                replies.Add(answer);
                break;
            }
        }

        return replies;
    }

    /// <summary>Whether the words <paramref name="phrase"/> occur one after another in <paramref name="words"/> (case-insensitive).</summary>
    private static bool ContainsPhrase(List<string> words, string[] phrase)
    {
        for (var i = 0; i + phrase.Length <= words.Count; i++)
        {
            var match = true;
            for (var j = 0; j < phrase.Length && match; j++)
            {
                match = string.Equals(words[i + j], phrase[j], StringComparison.OrdinalIgnoreCase);
            }

            if (match)
            {
                return true;
            }
        }

        return false;
    }
}
