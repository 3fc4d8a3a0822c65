namespace CustomerChat.Broker.Stomp;

/// <summary>Log messages of connections; event ids 2000–2099. Never bodies, never tokens.</summary>
internal static partial class ConnectionLog
{
    [LoggerMessage(2000, LogLevel.Information, "Connection {ConnectionId} opened from {RemoteAddress} (sub-protocol {SubProtocol})")]
    public static partial void Opened(ILogger logger, string connectionId, string? remoteAddress, string? subProtocol);

    [LoggerMessage(2001, LogLevel.Information, "Connection {ConnectionId} closed: {Reason}; user {UserId}, {DurationMs} ms")]
    public static partial void Closed(ILogger logger, string connectionId, string reason, string? userId, long durationMs);

    [LoggerMessage(2002, LogLevel.Information, "Connection {ConnectionId}: protocol error: {Reason}")]
    public static partial void ProtocolError(ILogger logger, string connectionId, string reason);

    [LoggerMessage(2003, LogLevel.Error, "Connection {ConnectionId}: unexpected error")]
    public static partial void UnexpectedError(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(2004, LogLevel.Warning, "WebSocket upgrade refused: origin {Origin} is not allowed")]
    public static partial void OriginRefused(ILogger logger, string origin);

    [LoggerMessage(2005, LogLevel.Warning, "Connection {ConnectionId} dropped: {Reason}")]
    public static partial void Dropped(ILogger logger, string connectionId, string reason);

    [LoggerMessage(2006, LogLevel.Warning, "WebSocket upgrade refused: {RemoteAddress} has {Limit} connections open (MaxConnectionsPerAddress)")]
    public static partial void AddressLimitReached(ILogger logger, string? remoteAddress, int limit);
}
