using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Conversations;

/// <summary>The destinations of docs/protocol.md §5–6 and how a destination string is classified.</summary>
public static class Destinations
{
#pragma warning disable CS1591 // Each constant is the destination it names.
    public const string SupportTopic = "/chat/topic/support";
    public const string ChatMessage = "/chat/message";
    public const string ChatClaim = "/chat/claim";
    public const string ChatTransfer = "/chat/transfer";
    public const string ChatClose = "/chat/close";
    public const string ChatTyping = "/chat/typing";
    public const string ChatRead = "/chat/read";
    public const string ChatRate = "/chat/rate";
    public const string ChatStatus = "/chat/status";
    public const string ChatNote = "/chat/note";
    public const string UserMessages = "/user/queue/messages";
    public const string UserEvents = "/user/queue/events";
    public const string UserErrors = "/user/queue/errors";
    public const string UserMessagesQueue = "/queue/messages";
    public const string UserEventsQueue = "/queue/events";
    public const string UserErrorsQueue = "/queue/errors";
    public const string TopicPrefix = "/topic/";
    public const string ChatTopicPrefix = "/chat/topic/";

    /// <summary>The routing key of <c>/user/queue/messages</c> for a user.</summary>
    public static string UserMessagesKey(string userId) => RoutingKeys.User(userId, UserMessagesQueue);

    /// <summary>The routing key of <c>/user/queue/events</c> for a user.</summary>
    public static string UserEventsKey(string userId) => RoutingKeys.User(userId, UserEventsQueue);
#pragma warning restore CS1591

    /// <summary>Classifies a destination header value.</summary>
    public static DestinationKind Classify(string destination)
    {
        if (destination.StartsWith(TopicPrefix, StringComparison.Ordinal))
        {
            return TopicNames.IsValid(destination.AsSpan(TopicPrefix.Length)) ? DestinationKind.Topic : DestinationKind.Unknown;
        }

        if (destination == SupportTopic)
        {
            return DestinationKind.SupportTopic;
        }

        if (destination.StartsWith(ChatTopicPrefix, StringComparison.Ordinal))
        {
            return TopicNames.IsValid(destination.AsSpan(ChatTopicPrefix.Length)) ? DestinationKind.Topic : DestinationKind.Unknown;
        }

        return destination switch
        {
            ChatMessage or ChatClaim or ChatTransfer or ChatClose or ChatTyping or ChatRead or ChatRate or ChatNote => DestinationKind.ChatCommand,
            ChatStatus => DestinationKind.ChatCommand,
            UserMessages or UserEvents or UserErrors => DestinationKind.UserQueue,
            _ => DestinationKind.Unknown,
        };
    }
}
