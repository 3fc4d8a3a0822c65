namespace CustomerChat.Broker.Widget;

/// <summary><c>CustomerChat:Widget</c>: the website widget's settings (docs/protocol.md §18).</summary>
public sealed class WidgetOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "CustomerChat:Widget";

    /// <summary>The pre-chat form.</summary>
    public PreChatOptions PreChat { get; set; } = new();

    /// <summary>
    /// The languages the widget has strings for (a file <c>/locales/widget.&lt;code&gt;.json</c> each).
    /// Default <c>en</c>, <c>de</c>, <c>fr</c>, <c>es</c>.
    /// </summary>
    public List<string> Locales { get; set; } = [];

    /// <summary>The language used when neither the page nor the browser asks for a supported one. Default <c>en</c>.</summary>
    public string DefaultLocale { get; set; } = "en";

    /// <summary>The languages in effect: <see cref="Locales"/>, or the four built-in ones when none is configured.</summary>
    public IReadOnlyList<string> EffectiveLocales => Locales.Count > 0 ? Locales : ["en", "de", "fr", "es"];
}
