using System.Text.Json.Serialization;

namespace CustomerChat.Broker.Automation;

/// <summary>
/// The translation of a chat message into the other party's language, as the ChatMessage's
/// <c>"translation": {"language", "text"}</c> field (docs/protocol.md §13 "translation").
/// </summary>
/// <param name="Language">The target language: an ISO 639-1 code such as <c>en</c> or <c>de</c>.</param>
/// <param name="Text">The translated text.</param>
public sealed record MessageTranslation(
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("text")] string Text)
{
    /// <summary>The key under which the <c>translation</c> step puts its result into <see cref="MessageDraft.Properties"/>.</summary>
    public const string PropertyKey = "translation";
}
