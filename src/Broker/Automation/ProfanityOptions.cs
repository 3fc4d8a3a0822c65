namespace CustomerChat.Broker.Automation;

/// <summary>The <c>profanity</c> step's settings under <c>CustomerChat:Pipeline:Profanity</c> (docs/protocol.md §13 "profanity").</summary>
public sealed class ProfanityOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "CustomerChat:Pipeline:Profanity";

    /// <summary>
    /// Words masked in addition to the built-in lists (<c>Words:0</c>, <c>Words:1</c>…), matched whole and
    /// case-insensitively; an entry ending in <c>*</c> masks every word that starts with it (<c>scheiß*</c>).
    /// </summary>
    public List<string> Words { get; set; } = [];

    /// <summary>Whether the built-in English and German lists (shipped as <c>Automation/Data/profanity.*.txt</c>) apply. Default true.</summary>
    public bool UseBuiltInLists { get; set; } = true;
}
