namespace CustomerChat.Broker.Automation;

/// <summary>The bot's settings under <c>CustomerChat:Bot</c> (docs/protocol.md §13 "The bot").</summary>
public sealed class BotOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "CustomerChat:Bot";

    /// <summary>The words that ask for a person when <see cref="HandoverWords"/> is not configured.</summary>
    public static readonly IReadOnlyList<string> DefaultHandoverWords = ["human", "agent", "Mensch", "Mitarbeiter"];

    /// <summary>Whether the bot greets, answers FAQs and replies to handover requests. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The bot's display name (<c>senderName</c> of its messages). Default <c>Assistant</c>.</summary>
    public string Name { get; set; } = "Assistant";

    /// <summary>Sent once to every new conversation after the customer's first message; none when unset.</summary>
    public string? Greeting { get; set; }

    /// <summary>Questions the bot answers while a conversation waits: the first entry whose keywords all occur wins.</summary>
    public List<FaqEntry> Faq { get; set; } = [];

    /// <summary>The reply to a customer who asks for a person (then no FAQ answer); none when unset.</summary>
    public string? HandoverMessage { get; set; }

    /// <summary>Words that ask for a person (whole words, case-insensitive). Null (not configured) means <see cref="DefaultHandoverWords"/>.</summary>
    // Null rather than a pre-filled list: the configuration binder appends to a list it finds filled.
    public List<string>? HandoverWords { get; set; }

    /// <summary>The handover words in force.</summary>
    public IReadOnlyList<string> EffectiveHandoverWords => HandoverWords ?? DefaultHandoverWords;
}
