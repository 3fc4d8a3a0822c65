namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>Log messages of webhooks; event ids 7400–7499.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(7400, LogLevel.Warning, "Webhook intake queue full: event {EventType} dropped")]
    public static partial void IntakeFull(ILogger logger, string eventType);

    [LoggerMessage(7401, LogLevel.Warning, "Webhook {WebhookId}: local queue full, attempt {Attempt} of {DeliveryId} {Outcome}")]
    public static partial void LaneFull(ILogger logger, string webhookId, int attempt, string deliveryId, string outcome);

    [LoggerMessage(7402, LogLevel.Information, "Webhook {WebhookId}: attempt {Attempt} of {DeliveryId} ({EventType}) failed with {Failure}; next in {DelaySeconds:0.###} s")]
    public static partial void AttemptFailed(ILogger logger, string webhookId, int attempt, string deliveryId, string eventType, string failure, double delaySeconds);

    [LoggerMessage(7403, LogLevel.Warning, "Webhook {WebhookId}: giving up on {DeliveryId} ({EventType}) after {Attempt} attempts, last {Failure}")]
    public static partial void GaveUp(ILogger logger, string webhookId, string deliveryId, string eventType, int attempt, string failure);

    [LoggerMessage(7404, LogLevel.Warning, "Webhook store unavailable during {Step}: {Reason}")]
    public static partial void StoreUnavailable(ILogger logger, string step, string reason);

    [LoggerMessage(7405, LogLevel.Information, "Claimed {Count} webhook attempts left unfinished by another instance")]
    public static partial void Claimed(ILogger logger, int count);

    [LoggerMessage(7406, LogLevel.Warning, "Malformed webhook queue entry {EntryId} removed")]
    public static partial void MalformedEntry(ILogger logger, string entryId);

    [LoggerMessage(7407, LogLevel.Information, "Webhook {WebhookId} created by {CreatedBy}: {Url} for {Events}")]
    public static partial void Created(ILogger logger, string webhookId, string createdBy, string url, string events);

    [LoggerMessage(7408, LogLevel.Information, "Webhook {WebhookId} deleted by {DeletedBy}")]
    public static partial void Deleted(ILogger logger, string webhookId, string deletedBy);

    [LoggerMessage(7409, LogLevel.Error, "Webhook worker for {WebhookId} failed on {DeliveryId}")]
    public static partial void WorkerFailed(ILogger logger, Exception exception, string webhookId, string deliveryId);

    [LoggerMessage(7410, LogLevel.Information, "Webhook attempt for {WebhookId} dropped: the webhook no longer exists")]
    public static partial void WebhookGone(ILogger logger, string webhookId);
}
