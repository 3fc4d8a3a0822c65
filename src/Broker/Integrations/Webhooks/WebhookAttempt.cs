namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>One attempt in <c>GET /api/webhooks/{id}/deliveries</c> (docs/protocol.md §16 "Deliveries log").</summary>
/// <param name="DeliveryId">The event's id (<c>X-CustomerChat-Delivery</c>).</param>
/// <param name="Event">The event type.</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="At">When the attempt started (UTC).</param>
/// <param name="StatusCode">The receiver's HTTP status, or null when it gave none.</param>
/// <param name="Error">Why there is no status (<c>timeout</c>, <c>connection failed: …</c>, <c>address refused</c>), else null.</param>
/// <param name="Succeeded">Whether the status was 2xx.</param>
/// <param name="DurationMs">How long the attempt took, in milliseconds.</param>
/// <param name="WillRetry">Whether another attempt is scheduled.</param>
public sealed record WebhookAttempt(string DeliveryId, string Event, int Attempt, DateTimeOffset At, int? StatusCode, string? Error, bool Succeeded, long DurationMs, bool WillRetry);
