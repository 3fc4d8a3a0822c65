namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>Webhook delivery settings, <c>CustomerChat:WebhookDelivery</c> (docs/protocol.md §16 "Delivery").</summary>
public sealed class WebhookDeliveryOptions
{
    /// <summary>Attempts per event and endpoint, the first included. Default 8.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How long one attempt may take before it counts as failed. Default 5 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether managed webhooks (<c>POST /api/webhooks</c>) may point at loopback, private, link-local or other
    /// non-public addresses. Unset = true in Development, false elsewhere. Configured webhooks are always trusted.
    /// </summary>
    public bool? AllowPrivateAddresses { get; set; }

    /// <summary>The delay after the first failed attempt; each later one doubles it (1 s, 2 s, 4 s …). Default 1 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between two attempts. Default 1 h.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts waiting on this instance per endpoint; past it an attempt is dropped (memory) or deferred (Redis), logged and counted. Default 1,000.</summary>
    public int QueueCapacity { get; set; } = 1_000;

    /// <summary>Concurrent attempts per endpoint on this instance. Default 4.</summary>
    public int WorkersPerEndpoint { get; set; } = 4;

    /// <summary>Attempts kept per webhook for <c>GET /api/webhooks/{id}/deliveries</c>. Default 100.</summary>
    public int DeliveryLogSize { get; set; } = 100;

    /// <summary>
    /// Redis mode: an attempt taken by an instance and not finished after this long is taken over by another
    /// (the first instance died). Keep it well above <see cref="Timeout"/>. Default 1 min.
    /// </summary>
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Redis mode: how often an idle instance looks for new attempts and due retries. Default 200 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The delay before attempt <paramref name="nextAttempt"/> (2 or more): base × 2^(n−2), capped.</summary>
    public TimeSpan RetryDelay(int nextAttempt)
    {
        var factor = Math.Pow(2, Math.Clamp(nextAttempt - 2, 0, 30));
        var delay = TimeSpan.FromMilliseconds(RetryBaseDelay.TotalMilliseconds * factor);
        return delay > MaxRetryDelay ? MaxRetryDelay : delay;
    }
}
