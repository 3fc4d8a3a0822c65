namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>
/// The durable schedule of webhook attempts (docs/protocol.md §16 "Delivery"). In memory: a local queue and
/// timers, lost on restart. In Redis: new attempts in a stream read through a consumer group (each attempt goes to one
/// instance; attempts of an instance that died are claimed by another after <c>ClaimIdleTime</c>), retries in a sorted
/// set scored by due time, all keys under the hash tag <c>{webhooks}</c>.
/// </summary>
public interface IWebhookQueue
{
    /// <summary>Adds first attempts.</summary>
    Task EnqueueAsync(IReadOnlyList<WebhookJob> jobs, CancellationToken cancellationToken);

    /// <summary>The attempts this instance should make now, as they become due; runs until cancelled.</summary>
    IAsyncEnumerable<WebhookJob> ReadDueAsync(CancellationToken cancellationToken);

    /// <summary>The attempt is finished for good (delivered, or the last attempt failed).</summary>
    Task CompleteAsync(WebhookJob job, CancellationToken cancellationToken);

    /// <summary>The attempt failed: finishes it and schedules <paramref name="next"/> at <paramref name="dueAt"/>.</summary>
    Task RetryAsync(WebhookJob job, WebhookJob next, DateTimeOffset dueAt, CancellationToken cancellationToken);

    /// <summary>
    /// The endpoint's local queue is full: puts the attempt back for <paramref name="dueAt"/> when the store can hold
    /// it (Redis), or gives it up (memory). Returns whether it was kept.
    /// </summary>
    Task<bool> DeferAsync(WebhookJob job, DateTimeOffset dueAt, CancellationToken cancellationToken);
}
