namespace CustomerChat.Broker.Options;

/// <summary>Conversation rules under <c>CustomerChat:Conversations</c> (docs/protocol.md §10).</summary>
public sealed class ConversationOptions
{
    /// <summary>Active conversations one agent may hold at once. Default 5.</summary>
    public int AgentCapacity { get; set; } = 5;

    /// <summary>An open conversation with no message for this long is closed. Default 30 minutes.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Delay before the last connection's close is announced as offline. Default 3 s.</summary>
    public TimeSpan PresenceGrace { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a closed conversation and its history are kept. Default 7 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The most messages kept per conversation (Redis <c>XADD MAXLEN ~</c>). Default 10,000.</summary>
    public int MaxMessagesPerConversation { get; set; } = 10_000;
}
