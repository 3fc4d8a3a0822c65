namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>Log events of the agent accounts (event ids 4500–4599).</summary>
internal static partial class AgentAccountLog
{
    [LoggerMessage(EventId = 4500, Level = LogLevel.Information, Message = "Agent account {Username} {Change} by {Admin}")]
    public static partial void Changed(ILogger logger, string username, string change, string admin);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Information, Message = "Agent {Username} disabled or deleted: {Count} session(s) ended on this instance")]
    public static partial void SessionsEnded(ILogger logger, string username, int count);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Warning, Message = "Re-queueing the conversations of agent {Username} failed")]
    public static partial void RequeueFailed(ILogger logger, string username, Exception exception);

    [LoggerMessage(EventId = 4503, Level = LogLevel.Information, Message = "No conversation re-queue is wired: the conversations of agent {Username} stay as they are")]
    public static partial void RequeueNotWired(ILogger logger, string username);

    [LoggerMessage(EventId = 4504, Level = LogLevel.Warning, Message = "Agent accounts could not be read from Redis; retrying: {Reason}")]
    public static partial void SyncUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 4505, Level = LogLevel.Warning, Message = "Announcing the change of agent account {Username} to other instances failed; they catch up within the refresh interval")]
    public static partial void AnnounceFailed(ILogger logger, string username, Exception exception);
}
