namespace CustomerChat.Broker.Stomp;

/// <summary>Log messages of STOMP sessions; event ids 3000–3099. Never bodies, never tokens.</summary>
internal static partial class SessionLog
{
    [LoggerMessage(3000, LogLevel.Information, "Session {SessionId}: CONNECTED user {UserId} ({Role}), STOMP {Version}")]
    public static partial void Connected(ILogger logger, string sessionId, string userId, string role, string version);

    [LoggerMessage(3001, LogLevel.Information, "Session {SessionId}: protocol error: {Reason}")]
    public static partial void ProtocolError(ILogger logger, string sessionId, string reason);

    [LoggerMessage(3002, LogLevel.Debug, "Session {SessionId}: refused frame to {Destination}: {Code}")]
    public static partial void Refused(ILogger logger, string sessionId, string destination, string code);

    [LoggerMessage(3003, LogLevel.Warning, "Session {SessionId}: store unavailable: {Reason}")]
    public static partial void StoreUnavailable(ILogger logger, string sessionId, string reason);

    [LoggerMessage(3004, LogLevel.Error, "Session {SessionId}: a session observer failed")]
    public static partial void ObserverFailed(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(3005, LogLevel.Information, "Session {SessionId}: closed with open transactions; {Frames} frames dropped")]
    public static partial void TransactionsDropped(ILogger logger, string sessionId, int frames);
}
