namespace CustomerChat.Broker.Automation;

/// <summary>The <c>translation</c> step's settings under <c>CustomerChat:Pipeline:Translation</c> (docs/protocol.md §13 "translation").</summary>
public sealed class TranslationOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "CustomerChat:Pipeline:Translation";

    /// <summary>
    /// A LibreTranslate-compatible <c>/translate</c> endpoint, e.g. <c>http://libretranslate:5000/translate</c>
    /// (absolute http or https). Required when the <c>translation</c> step is listed in <c>Steps</c>.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>The <c>api_key</c> sent with every request, when the server wants one. Default none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The longest a translation may take; past it the message goes on untranslated. Default 2 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many translations (per text and target language) the cache holds. Default 10,000.</summary>
    public int CacheSize { get; set; } = 10_000;

    /// <summary>How long a cached translation is kept after it was last used. Default 1 hour.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromHours(1);
}
