using System.Text.Json;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>An event taken in by <see cref="WebhookPublisher"/>, before fan-out to webhooks.</summary>
/// <param name="Id">The event's id, <c>evt_&lt;32 hex&gt;</c>.</param>
/// <param name="Type">One of <see cref="WebhookEvents"/>.</param>
/// <param name="CreatedAt">When it was published.</param>
/// <param name="Data">The payload.</param>
public sealed record WebhookEvent(string Id, string Type, DateTimeOffset CreatedAt, JsonElement Data)
{
    /// <summary>The request body, <c>{"id","type","createdAt","data"}</c>, compact UTF-8 JSON.</summary>
    public string ToBody()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", Id);
            writer.WriteString("type", Type);
            writer.WriteString("createdAt", CreatedAt);
            writer.WritePropertyName("data");
            Data.WriteTo(writer);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
