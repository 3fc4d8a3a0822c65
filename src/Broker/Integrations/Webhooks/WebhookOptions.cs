namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>
/// One configured webhook under <c>CustomerChat:Webhooks</c> (docs/protocol.md §16 "Webhooks").
/// Configured webhooks are trusted: their URL may be on loopback or a private network.
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>The receiver, an absolute http(s) URL.</summary>
    public string Url { get; set; } = "";

    /// <summary>The HMAC-SHA256 key of <c>X-CustomerChat-Signature</c>.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The event types sent there (see <see cref="WebhookEvents"/>).</summary>
    public List<string> Events { get; set; } = [];
}
