using System.Text.Json.Serialization;

namespace CustomerChat.Broker.Automation;

/// <summary>The answer of LibreTranslate's <c>POST /translate</c>: <c>{"translatedText", "detectedLanguage"?: {"language", "confidence"}}</c>.</summary>
/// <param name="TranslatedText">The translation.</param>
/// <param name="DetectedLanguage">With <c>source: auto</c>, the language the server detected.</param>
internal sealed record LibreTranslateResponse(
    [property: JsonPropertyName("translatedText")] string? TranslatedText,
    [property: JsonPropertyName("detectedLanguage")] LibreTranslateDetectedLanguage? DetectedLanguage);
