using System.Text.Json;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>
/// Where the chat reports events for webhooks (docs/protocol.md §16 "Events"). Cheap and never blocking on
/// receivers: it only enqueues, and returns once the event is queued on this instance; fan-out to the webhooks that
/// want <paramref name="type"/>, storage (in Redis mode) and the HTTP attempts happen in the background.
/// </summary>
public interface IWebhookPublisher
{
    /// <summary>
    /// Queues one event. <paramref name="type"/> is one of <see cref="WebhookEvents"/>; <paramref name="data"/> is the
    /// Conversation, ChatMessage or Ticket exactly as the API shows it (camelCase JSON). An unknown type throws
    /// <see cref="ArgumentException"/>. When the intake queue is full the event is dropped, logged and counted
    /// (<c>webhooks.dropped</c>, reason <c>intake_full</c>).
    /// </summary>
    ValueTask PublishAsync(string type, JsonElement data, CancellationToken cancellationToken = default);
}
