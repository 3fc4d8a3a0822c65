using System.Text.Json.Serialization;

namespace CustomerChat.Broker.Automation;

/// <summary>The body of LibreTranslate's <c>POST /translate</c>: <c>{"q", "source", "target", "format", "api_key"?}</c>.</summary>
/// <param name="Q">The text to translate.</param>
/// <param name="Source">The source language, always <c>auto</c> (the server detects it).</param>
/// <param name="Target">The target language (ISO 639-1, e.g. <c>en</c>).</param>
/// <param name="Format"><c>text</c> (not <c>html</c>).</param>
/// <param name="ApiKey">The server's API key, when it wants one; left out when null.</param>
internal sealed record LibreTranslateRequest(
    [property: JsonPropertyName("q")] string Q,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("api_key"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ApiKey);
