using System.Text.Json.Serialization;

namespace CustomerChat.Protocol.Chat;

/// <summary>
/// System.Text.Json source generation for every chat payload (docs/protocol.md §5–6): camelCase names, nulls written
/// (clients see <c>"userTo": null</c> while a conversation waits), unknown fields ignored on input.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(ErrorEvent))]
[JsonSerializable(typeof(ChatMessageRequest))]
[JsonSerializable(typeof(ClaimRequest))]
[JsonSerializable(typeof(TransferRequest))]
[JsonSerializable(typeof(CloseRequest))]
[JsonSerializable(typeof(TypingRequest))]
[JsonSerializable(typeof(ReadRequest))]
[JsonSerializable(typeof(RateRequest))]
[JsonSerializable(typeof(NoteRequest))]
[JsonSerializable(typeof(StatusRequest))]
[JsonSerializable(typeof(ChatMessageView))]
[JsonSerializable(typeof(ConversationView))]
[JsonSerializable(typeof(IReadOnlyList<ConversationView>))]
[JsonSerializable(typeof(SnapshotEvent))]
[JsonSerializable(typeof(ConversationEvent))]
[JsonSerializable(typeof(CustomerPresenceEvent))]
[JsonSerializable(typeof(AgentPresenceEvent))]
[JsonSerializable(typeof(TypingEvent))]
[JsonSerializable(typeof(ReadEvent))]
[JsonSerializable(typeof(PresenceEvent))]
[JsonSerializable(typeof(RatedEvent))]
[JsonSerializable(typeof(MessagePage))]
[JsonSerializable(typeof(NoteCreatedEvent))]
public sealed partial class ChatJsonContext : JsonSerializerContext
{
}
