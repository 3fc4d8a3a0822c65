namespace CustomerChat.Broker.Observability;

/// <summary>
/// Maps a connection's close reason (the ERROR <c>message</c> the broker sent, or what the transport did) to one
/// of a few stable metric tag values, so <c>connections.closed</c> has bounded cardinality. The
/// free text stays in the log line (<c>ConnectionLog.Closed</c>).
/// </summary>
public static class CloseReasons
{
    /// <summary>The ERROR message (and log reason) for a WebSocket message over <c>MaxWebSocketMessageBytes</c>; the limit follows.</summary>
    public const string MessageTooBigPrefix = "WebSocket message too large";

    /// <summary>Returns a tag value: <c>client_closed</c>, <c>client_disconnected</c>, <c>transport_closed</c>, <c>slow_consumer</c>,
    /// <c>shutdown</c>, <c>token_expired</c>, <c>heartbeat_timeout</c>, <c>connect_timeout</c>, <c>unauthorized</c>, <c>rate_limited</c>,
    /// <c>message_too_big</c>, <c>user_limit</c>, <c>internal_error</c>, <c>closed</c> (none given) or <c>protocol_error</c> (any other ERROR).</summary>
    public static string Classify(string? reason) => reason switch
    {
        null or "closed" => "closed",
        "client closed" => "client_closed",
        "client disconnected" => "client_disconnected",
        "transport closed" => "transport_closed",
        "slow consumer" => "slow_consumer",
        "server shutting down" => "shutdown",
        "token expired" => "token_expired",
        "unauthorized" => "unauthorized",
        "internal error" => "internal_error",
        _ when reason.StartsWith("heart-beat timeout", StringComparison.Ordinal) => "heartbeat_timeout",
        _ when reason.StartsWith("CONNECT timeout", StringComparison.Ordinal) => "connect_timeout",
        _ when reason.StartsWith("Rate limit exceeded", StringComparison.Ordinal) => "rate_limited",
        _ when reason.StartsWith(MessageTooBigPrefix, StringComparison.Ordinal) => "message_too_big",
        _ when reason.StartsWith("Too many connections for this user", StringComparison.Ordinal) => "user_limit",
        _ => "protocol_error",
    };
}
