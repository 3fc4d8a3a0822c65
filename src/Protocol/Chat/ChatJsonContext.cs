using System.Text.Json.Serialization;

namespace CustomerChat.Protocol.Chat;

/// <summary>
/// System.Text.Json source generation for every chat payload (SPEC §4): camelCase names, nulls written
/// (clients see <c>"userTo": null</c> while a conversation waits), unknown fields ignored on input.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UseStringEnumConverter = true,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(ErrorEvent))]
public sealed partial class ChatJsonContext : JsonSerializerContext
{
}
