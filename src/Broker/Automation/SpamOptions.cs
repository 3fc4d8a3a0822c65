namespace CustomerChat.Broker.Automation;

/// <summary>The <c>spam</c> step's settings under <c>CustomerChat:Pipeline:Spam</c> (docs/protocol.md §13 "spam").</summary>
public sealed class SpamOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "CustomerChat:Pipeline:Spam";

    /// <summary>A customer message with more links than this is refused. Default 2; 0 refuses any link.</summary>
    public int MaxLinks { get; set; } = 2;

    /// <summary>A customer message equal to its previous one within this time is refused. Default 30 s.</summary>
    public TimeSpan RepeatWindow { get; set; } = TimeSpan.FromSeconds(30);
}
