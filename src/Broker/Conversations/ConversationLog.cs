namespace CustomerChat.Broker.Conversations;

/// <summary>Log messages of the conversation layer; event ids 5000–5099. Never message text.</summary>
internal static partial class ConversationLog
{
    [LoggerMessage(5000, LogLevel.Error, "Presence update for {UserId} failed")]
    public static partial void PresenceFailed(ILogger logger, string userId, Exception exception);

    [LoggerMessage(5001, LogLevel.Information, "Conversation {ConversationId} closed after {IdleMinutes} idle minutes")]
    public static partial void IdleClosed(ILogger logger, string conversationId, double idleMinutes);

    [LoggerMessage(5002, LogLevel.Information, "Conversation {ConversationId} removed after its retention time")]
    public static partial void Expired(ILogger logger, string conversationId);

    [LoggerMessage(5003, LogLevel.Warning, "Conversation sweep failed")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(5005, LogLevel.Warning, "Conversation sweep paused while the store is unavailable: {Reason}")]
    public static partial void SweepPaused(ILogger logger, string reason);

    [LoggerMessage(5004, LogLevel.Error, "Opening the conversation of {UserId} failed")]
    public static partial void OpenFailed(ILogger logger, string userId, Exception exception);

    [LoggerMessage(5006, LogLevel.Error, "A conversation observer failed on conversation {ConversationId}")]
    public static partial void ObserverFailed(ILogger logger, string conversationId, Exception exception);
}
