namespace CustomerChat.Broker.Options;

/// <summary>
/// The broker's settings, bound from the <c>CustomerChat</c> configuration section (docs/protocol.md §11) and
/// validated at start-up. Environment variables use <c>__</c>: <c>CustomerChat__Limits__MaxFrameBytes</c>.
/// </summary>
public sealed class CustomerChatOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "CustomerChat";

    /// <summary>
    /// Origins (scheme://host[:port]) whose pages may open the WebSocket or call the API. Requests without
    /// <c>Origin</c>, same-origin pages and, when <see cref="AllowLocalhostOrigins"/> is set, any
    /// <c>http://localhost</c> / <c>127.0.0.1</c> origin are always allowed.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Allow pages served from localhost or 127.0.0.1 on any port. Default true.</summary>
    public bool AllowLocalhostOrigins { get; set; } = true;

    /// <summary>Input, output and rate limits.</summary>
    public LimitsOptions Limits { get; set; } = new();

    /// <summary>Heart-beat intervals the server offers and the grace before a silent client is dropped.</summary>
    public HeartbeatOptions Heartbeat { get; set; } = new();

    /// <summary>Token signing and lifetime.</summary>
    public AuthOptions Auth { get; set; } = new();

    /// <summary>Configured agent accounts (docs/protocol.md §9). Empty in Development means the demo agents.</summary>
    public List<AgentAccountOptions> Agents { get; set; } = [];

    /// <summary>Conversation rules: capacity, idle close, presence grace, retention.</summary>
    public ConversationOptions Conversations { get; set; } = new();

    /// <summary>Redis, when set: the backplane, history and conversation state live there (docs/protocol.md §11).</summary>
    public RedisOptions Redis { get; set; } = new();

    /// <summary>How long shutdown waits for connections to drain. Default 10 s.</summary>
    public TimeSpan ShutdownDrainTime { get; set; } = TimeSpan.FromSeconds(10);
}
