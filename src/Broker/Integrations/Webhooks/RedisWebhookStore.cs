using System.Text.Json;
using CustomerChat.Broker.Redis;
using StackExchange.Redis;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>The Redis <see cref="IWebhookStore"/>: managed webhooks in a hash, each log in a capped list (keys: <see cref="WebhookRedisKeys"/>).</summary>
public sealed class RedisWebhookStore(RedisConnection redis) : IWebhookStore
{
    private readonly WebhookRedisKeys _keys = new(redis.Keys);

    /// <inheritdoc />
    public Task AddAsync(WebhookSubscription subscription, CancellationToken cancellationToken = default) =>
        redis.RunAsync("webhook-add", db => db.HashSetAsync(_keys.Subscriptions, subscription.Id,
            JsonSerializer.Serialize(subscription, WebhookJsonContext.Default.WebhookSubscription)));

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default) =>
        redis.RunAsync("webhook-remove", async db =>
        {
            var tx = db.CreateTransaction();
            var removed = tx.HashDeleteAsync(_keys.Subscriptions, id);
            _ = tx.KeyDeleteAsync(_keys.Log(id));
            await tx.ExecuteAsync().ConfigureAwait(false);
            return await removed.ConfigureAwait(false);
        });

    /// <inheritdoc />
    public async Task<WebhookSubscription?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var json = await redis.RunAsync("webhook-get", db => db.HashGetAsync(_keys.Subscriptions, id)).ConfigureAwait(false);
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)json!, WebhookJsonContext.Default.WebhookSubscription);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(CancellationToken cancellationToken = default)
    {
        var all = await redis.RunAsync("webhook-list", db => db.HashValuesAsync(_keys.Subscriptions)).ConfigureAwait(false);
        return all.Select(v => JsonSerializer.Deserialize((string)v!, WebhookJsonContext.Default.WebhookSubscription)!)
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public Task RecordAttemptAsync(string webhookId, WebhookAttempt attempt, int keep, CancellationToken cancellationToken = default) =>
        redis.RunAsync("webhook-log", async db =>
        {
            var key = _keys.Log(webhookId);
            var tx = db.CreateTransaction();
            _ = tx.ListLeftPushAsync(key, JsonSerializer.Serialize(attempt, WebhookJsonContext.Default.WebhookAttempt));
            _ = tx.ListTrimAsync(key, 0, keep - 1);
            return await tx.ExecuteAsync().ConfigureAwait(false);
        });

    /// <inheritdoc />
    public async Task<IReadOnlyList<WebhookAttempt>> RecentAttemptsAsync(string webhookId, int limit, CancellationToken cancellationToken = default)
    {
        var items = await redis.RunAsync("webhook-log-read", db => db.ListRangeAsync(_keys.Log(webhookId), 0, limit - 1)).ConfigureAwait(false);
        return items.Select(v => JsonSerializer.Deserialize((string)v!, WebhookJsonContext.Default.WebhookAttempt)!).ToList();
    }
}
