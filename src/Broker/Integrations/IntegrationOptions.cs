using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Integrations.Webhooks;

namespace CustomerChat.Broker.Integrations;

/// <summary>
/// The integration settings, bound from the <c>CustomerChat</c> section beside the broker's own options
/// (docs/protocol.md §16): <c>CustomerChat:ApiKeys</c>, <c>CustomerChat:Webhooks</c> and
/// <c>CustomerChat:WebhookDelivery</c>. Validated at start-up.
/// </summary>
public sealed class IntegrationOptions
{
    /// <summary>The API keys (<c>CustomerChat:ApiKeys</c>): a list of <c>{Name, KeyHash}</c>.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>The configured (trusted) webhooks (<c>CustomerChat:Webhooks</c>): a list of <c>{Url, Secret, Events}</c>.</summary>
    public List<WebhookOptions> Webhooks { get; set; } = [];

    /// <summary>How webhooks are delivered (<c>CustomerChat:WebhookDelivery</c>).</summary>
    public WebhookDeliveryOptions WebhookDelivery { get; set; } = new();
}
