using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>Conveniences over <see cref="IWebhookPublisher"/> for typed data.</summary>
public static class WebhookPublisherExtensions
{
    /// <summary>Publishes <paramref name="data"/> serialized with <paramref name="typeInfo"/> (e.g. <c>ChatJsonContext.Default.ChatMessageView</c>).</summary>
    public static ValueTask PublishAsync<T>(this IWebhookPublisher publisher, string type, T data, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default) =>
        publisher.PublishAsync(type, JsonSerializer.SerializeToElement(data, typeInfo), cancellationToken);
}
