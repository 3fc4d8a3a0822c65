namespace CustomerChat.Broker.Options;

/// <summary>Limits under <c>CustomerChat:Limits</c> (docs/protocol.md §2, §11). Sizes in bytes.</summary>
public sealed class LimitsOptions
{
    /// <summary>The largest STOMP frame: command, headers, body. Default 64 KiB.</summary>
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The largest WebSocket message, counted across its fragments while it is read: past it the client gets
    /// ERROR and the socket closes with status 1009 (message too big). 0 (the default) means twice
    /// <see cref="MaxFrameBytes"/>, so a message may carry a whole frame and change (docs/protocol.md §1: one message may
    /// hold several frames).
    /// </summary>
    public int MaxWebSocketMessageBytes { get; set; }

    /// <summary><see cref="MaxWebSocketMessageBytes"/>, or twice <see cref="MaxFrameBytes"/> when it is 0.</summary>
    public int EffectiveMaxWebSocketMessageBytes => MaxWebSocketMessageBytes > 0 ? MaxWebSocketMessageBytes : (int)Math.Min(int.MaxValue, 2L * MaxFrameBytes);

    /// <summary>The most headers in a frame. Default 64.</summary>
    public int MaxHeaders { get; set; } = 64;

    /// <summary>The longest header line. Default 8 KiB.</summary>
    public int MaxHeaderLineBytes { get; set; } = 8 * 1024;

    /// <summary>Subscriptions one connection may hold. Default 100.</summary>
    public int MaxSubscriptionsPerConnection { get; set; } = 100;

    /// <summary>Open connections one user may hold (tabs and devices). Default 20.</summary>
    public int MaxConnectionsPerUser { get; set; } = 20;

    /// <summary>Open connections from one client address. Default 500.</summary>
    public int MaxConnectionsPerAddress { get; set; } = 500;

    /// <summary>SEND frames per second per connection (token bucket, burst of twice this). Default 20.</summary>
    public int SendsPerSecondPerConnection { get; set; } = 20;

    /// <summary>
    /// The hard cap on bytes waiting to be written to one connection: a delivery that would pass it drops the
    /// connection at once as a slow consumer (docs/protocol.md §2). Default 4 MiB.
    /// </summary>
    public int OutboundQueueBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The hard cap on MESSAGE frames waiting to be written to one connection, like <see cref="OutboundQueueBytes"/>. Default 10,000.</summary>
    public int OutboundQueueFrames { get; set; } = 10_000;

    /// <summary>
    /// How long the oldest frame queued for (or being written to) one connection may wait: past it the connection
    /// is dropped with ERROR <c>slow consumer</c> (docs/protocol.md §2), however little is queued. A subscriber that
    /// keeps reading is not dropped for a burst below the hard caps. Zero or negative turns the time rule off (the
    /// caps still hold). Measured on the broker's <see cref="TimeProvider"/>. Default 10 s.
    /// </summary>
    public TimeSpan SlowConsumerTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests per minute per client address on <c>/api/auth/*</c>. Default 30.</summary>
    public int AuthRequestsPerMinutePerAddress { get; set; } = 30;

    /// <summary>Time allowed between the WebSocket upgrade and CONNECT. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether outgoing WebSocket frames are written straight to the connection's socket where that is safe (plain
    /// HTTP/1.1 on Kestrel's socket transport; docs/PERFORMANCE.md "Fan-out: straight to the socket"), instead of
    /// through Kestrel's response pipe. Default true; false sends everything through the WebSocket.
    /// </summary>
    public bool DirectSocketWrites { get; set; } = true;

    /// <summary>The largest unacknowledged window per subscription when the client sets none. Default 1,000.</summary>
    public int DefaultPrefetchCount { get; set; } = 1000;
}
