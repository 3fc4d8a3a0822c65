using System.Collections.Concurrent;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>The one-instance <see cref="IWebhookStore"/>: dictionaries, lost on restart.</summary>
public sealed class InMemoryWebhookStore : IWebhookStore
{
    private readonly ConcurrentDictionary<string, WebhookSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LinkedList<WebhookAttempt>> _logs = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task AddAsync(WebhookSubscription subscription, CancellationToken cancellationToken = default)
    {
        _subscriptions[subscription.Id] = subscription;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        _logs.TryRemove(id, out _);
        return Task.FromResult(_subscriptions.TryRemove(id, out _));
    }

    /// <inheritdoc />
    public Task<WebhookSubscription?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_subscriptions.GetValueOrDefault(id));

    /// <inheritdoc />
    public Task<IReadOnlyList<WebhookSubscription>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<WebhookSubscription>>(_subscriptions.Values.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).ToList());

    /// <inheritdoc />
    public Task RecordAttemptAsync(string webhookId, WebhookAttempt attempt, int keep, CancellationToken cancellationToken = default)
    {
        var log = _logs.GetOrAdd(webhookId, _ => new LinkedList<WebhookAttempt>());
        lock (log)
        {
            log.AddFirst(attempt);
            while (log.Count > keep)
            {
                log.RemoveLast();
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WebhookAttempt>> RecentAttemptsAsync(string webhookId, int limit, CancellationToken cancellationToken = default)
    {
        if (!_logs.TryGetValue(webhookId, out var log))
        {
            return Task.FromResult<IReadOnlyList<WebhookAttempt>>([]);
        }

        lock (log)
        {
            return Task.FromResult<IReadOnlyList<WebhookAttempt>>(log.Take(limit).ToList());
        }
    }
}
