namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>
/// Where managed webhooks and the deliveries log live: in memory (one instance) or in Redis (shared by every
/// instance, keys <c>{prefix}{webhooks}:subs</c> and <c>{prefix}{webhooks}:log:{id}</c>). Redis failures surface as
/// <c>BackplaneUnavailableException</c> (503 on the API).
/// </summary>
public interface IWebhookStore
{
    /// <summary>Stores a new managed webhook.</summary>
    Task AddAsync(WebhookSubscription subscription, CancellationToken cancellationToken = default);

    /// <summary>Removes a managed webhook and its log; false when there was none with that id.</summary>
    Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>One managed webhook, or null.</summary>
    Task<WebhookSubscription?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Every managed webhook, oldest first.</summary>
    Task<IReadOnlyList<WebhookSubscription>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Appends an attempt to a webhook's log, keeping the newest <paramref name="keep"/>.</summary>
    Task RecordAttemptAsync(string webhookId, WebhookAttempt attempt, int keep, CancellationToken cancellationToken = default);

    /// <summary>The newest attempts of a webhook, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<WebhookAttempt>> RecentAttemptsAsync(string webhookId, int limit, CancellationToken cancellationToken = default);
}
