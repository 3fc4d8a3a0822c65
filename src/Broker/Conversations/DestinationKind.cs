namespace CustomerChat.Broker.Conversations;

/// <summary>What a destination is, which decides who may use it and where a SEND goes (docs/protocol.md §5–6).</summary>
public enum DestinationKind
{
    /// <summary>Not a destination this broker knows.</summary>
    Unknown,
    /// <summary><c>/topic/&lt;name&gt;</c> or <c>/chat/topic/&lt;name&gt;</c>: plain pub/sub among agents.</summary>
    Topic,
    /// <summary><c>/chat/topic/support</c>: the agents' live queue (snapshot, then events).</summary>
    SupportTopic,
    /// <summary><c>/chat/message</c>, <c>/chat/claim</c> and the other chat commands (SEND only).</summary>
    ChatCommand,
    /// <summary><c>/user/queue/messages|events|errors</c>: the user's own queues (SUBSCRIBE only).</summary>
    UserQueue,
}
