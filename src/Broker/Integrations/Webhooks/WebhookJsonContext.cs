using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>Source-generated camelCase JSON for the webhook API and the stored forms.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WebhookJob))]
[JsonSerializable(typeof(WebhookAttempt))]
[JsonSerializable(typeof(IReadOnlyList<WebhookAttempt>))]
[JsonSerializable(typeof(WebhookSubscription))]
[JsonSerializable(typeof(WebhookView))]
[JsonSerializable(typeof(IReadOnlyList<WebhookView>))]
[JsonSerializable(typeof(CreateWebhookRequest))]
public sealed partial class WebhookJsonContext : JsonSerializerContext;
