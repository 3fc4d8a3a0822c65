namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>
/// One attempt to make: an event for one webhook. Its JSON (the stored form in Redis) depends only on these fields,
/// so two instances scheduling the same retry write the same member and Redis keeps one.
/// </summary>
/// <param name="DeliveryId">The event's id: the body's <c>id</c> and <c>X-CustomerChat-Delivery</c>, the same on every attempt (<c>evt_&lt;32 hex&gt;</c>).</param>
/// <param name="Type">The event type.</param>
/// <param name="WebhookId">The webhook it goes to.</param>
/// <param name="Body">The exact request body, <c>{"id","type","createdAt","data"}</c>.</param>
/// <param name="Attempt">1 for the first attempt.</param>
public sealed record WebhookJob(string DeliveryId, string Type, string WebhookId, string Body, int Attempt)
{
    /// <summary>The store's handle on this attempt (the Redis stream entry id); not serialized.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Ticket { get; init; }
}
