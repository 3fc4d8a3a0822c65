namespace CustomerChat.Broker.Automation;

/// <summary>One FAQ entry of the bot (<c>CustomerChat:Bot:Faq:N</c>): <c>{Keywords: ["opening", "hours"], Answer: "…"}</c>.</summary>
public sealed class FaqEntry
{
    /// <summary>Words (or phrases of several words) that must all occur in the customer's message, whole and case-insensitively.</summary>
    public List<string> Keywords { get; set; } = [];

    /// <summary>The bot's reply.</summary>
    public string Answer { get; set; } = "";
}
