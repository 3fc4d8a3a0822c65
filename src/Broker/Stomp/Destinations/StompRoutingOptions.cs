namespace CustomerChat.Broker.Stomp;

/// <summary>
/// The destinations the STOMP core routes by itself, set by the application at start-up
/// (<c>services.Configure&lt;StompRoutingOptions&gt;(…)</c>); not bound from configuration.
/// </summary>
public sealed class StompRoutingOptions
{
    /// <summary>Prefixes of plain pub/sub topics: SEND publishes the body and headers untouched to every subscriber.</summary>
    public List<string> TopicPrefixes { get; } = ["/topic/"];

    /// <summary>
    /// The per-user queues clients may subscribe to under <c>/user</c>, e.g. <c>/queue/events</c>: SUBSCRIBE
    /// <c>/user/queue/events</c> listens on routing key <c>user:&lt;userId&gt;:/queue/events</c>.
    /// </summary>
    public List<string> UserQueues { get; } = [];

    /// <summary>The user queue refusals are delivered on (to the refused session only), e.g. <c>/queue/errors</c>; null = none.</summary>
    public string? ErrorQueue { get; set; }
}
