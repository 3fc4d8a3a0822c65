using System.Text.Json.Serialization;

namespace CustomerChat.Broker.Conversations;

/// <summary>Source-generated camelCase JSON for the HTTP doors' request bodies (unknown fields ignored) and the list of online agents.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PostMessageBody))]
[JsonSerializable(typeof(NoteBody))]
[JsonSerializable(typeof(TransferBody))]
[JsonSerializable(typeof(ReadBody))]
[JsonSerializable(typeof(TypingBody))]
[JsonSerializable(typeof(RateBody))]
[JsonSerializable(typeof(IReadOnlyList<CustomerChat.Protocol.Chat.AgentView>))]
internal sealed partial class DoorsJsonContext : JsonSerializerContext;
