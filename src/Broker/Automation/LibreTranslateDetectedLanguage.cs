using System.Text.Json.Serialization;

namespace CustomerChat.Broker.Automation;

/// <summary>LibreTranslate's <c>detectedLanguage</c>: <c>{"language": "de", "confidence": 90.0}</c> (confidence in percent).</summary>
/// <param name="Language">The detected language (ISO 639-1).</param>
/// <param name="Confidence">How sure the server is, 0 to 100.</param>
internal sealed record LibreTranslateDetectedLanguage(
    [property: JsonPropertyName("language")] string? Language,
    [property: JsonPropertyName("confidence")] double? Confidence);
