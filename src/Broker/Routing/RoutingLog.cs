namespace CustomerChat.Broker.Routing;

/// <summary>Log messages of routing; event ids 5600–5649.</summary>
internal static partial class RoutingLog
{
    [LoggerMessage(5600, LogLevel.Information, "Conversation {ConversationId} assigned to {AgentId} automatically")]
    public static partial void Assigned(ILogger logger, string conversationId, string agentId);

    [LoggerMessage(5601, LogLevel.Warning, "Routing pass failed")]
    public static partial void PassFailed(ILogger logger, Exception exception);

    [LoggerMessage(5602, LogLevel.Information, "Agent {AgentId} offline past the re-queue time: {Count} conversations back to the queue")]
    public static partial void Requeued(ILogger logger, string agentId, int count);

    [LoggerMessage(5603, LogLevel.Information, "Agent {AgentId} is now {Status}")]
    public static partial void StatusChanged(ILogger logger, string agentId, string status);
}
