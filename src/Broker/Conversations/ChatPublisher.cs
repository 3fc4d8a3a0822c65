using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Turns chat payloads into <see cref="BrokerMessage"/>s (JSON, serialized once) and publishes them to
/// the support topic or a user's queues through the backplane (docs/protocol.md §6).
/// </summary>
public sealed class ChatPublisher(IBackplane backplane)
{
    private const string Json = "application/json";

    /// <summary>An event to every agent on <c>/chat/topic/support</c>.</summary>
    public Task ToSupportAsync<T>(T payload, JsonTypeInfo<T> type) =>
        backplane.PublishAsync(Destinations.SupportTopic, Event(Destinations.SupportTopic, payload, type));

    /// <summary>An event to every session of <paramref name="userId"/> on <c>/user/queue/events</c>.</summary>
    public Task ToUserEventsAsync<T>(string userId, T payload, JsonTypeInfo<T> type) =>
        backplane.PublishAsync(Destinations.UserEventsKey(userId), Event(Destinations.UserEvents, payload, type));

    /// <summary>A chat message to every session of <paramref name="userId"/> on <c>/user/queue/messages</c>.</summary>
    public Task ToUserMessagesAsync(string userId, ChatMessageView message) =>
        backplane.PublishAsync(Destinations.UserMessagesKey(userId), Message(message));

    /// <summary>The MESSAGE for a chat message: <c>message-id</c> = the message's id.</summary>
    public static BrokerMessage Message(ChatMessageView message) =>
        new(Destinations.UserMessages, message.Id, Json, JsonSerializer.SerializeToUtf8Bytes(message, ChatJsonContext.Default.ChatMessageView))
        {
            // Ids are stream ids, unique within the conversation's history stream only.
            StreamKey = message.ConversationId,
        };

    /// <summary>The MESSAGE for an event on <paramref name="destination"/>.</summary>
    public static BrokerMessage Event<T>(string destination, T payload, JsonTypeInfo<T> type) =>
        new(destination, MessageIds.NextTopicId(), Json, JsonSerializer.SerializeToUtf8Bytes(payload, type));
}
