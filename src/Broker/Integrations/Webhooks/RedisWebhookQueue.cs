using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>
/// The Redis <see cref="IWebhookQueue"/> (keys: <see cref="WebhookRedisKeys"/>). Every instance reads the pending
/// stream through one consumer group as consumer <c>RedisConnection.InstanceId</c>, so each attempt goes to one
/// instance. A finished attempt is acknowledged and deleted; a failed one is, in the same MULTI, put in the retry
/// sorted set under its due time; a Lua script moves due retries back to the stream (so one instance moves each).
/// Attempts an instance took and never finished (it died) stay pending in the group and are claimed with
/// <c>XAUTOCLAIM</c> by a live instance once idle for <c>ClaimIdleTime</c>. Nothing here blocks on Redis: reads
/// poll every <c>PollInterval</c> (sooner after a local enqueue).
/// </summary>
public sealed class RedisWebhookQueue : IWebhookQueue
{
    private const int BatchSize = 100;

    private static readonly LuaScript MoveDueScript = LuaScript.Prepare("""
        local due = redis.call('ZRANGEBYSCORE', @retry, '-inf', @now, 'LIMIT', 0, tonumber(@count))
        for _, member in ipairs(due) do
          redis.call('ZREM', @retry, member)
          redis.call('XADD', @pending, '*', @field, member)
        end
        return #due
        """);

    private readonly RedisConnection _redis;
    private readonly WebhookRedisKeys _keys;
    private readonly WebhookDeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisWebhookQueue> _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Uses the instance's Redis connection and <c>CustomerChat:WebhookDelivery</c>.</summary>
    public RedisWebhookQueue(RedisConnection redis, IOptions<IntegrationOptions> options, TimeProvider time, ILogger<RedisWebhookQueue> logger)
    {
        _redis = redis;
        _keys = new WebhookRedisKeys(redis.Keys);
        _options = options.Value.WebhookDelivery;
        _time = time;
        _logger = logger;
    }

    private string Consumer => _redis.InstanceId;

    /// <inheritdoc />
    public async Task EnqueueAsync(IReadOnlyList<WebhookJob> jobs, CancellationToken cancellationToken)
    {
        if (jobs.Count == 0)
        {
            return;
        }

        await _redis.RunAsync("webhook-xadd", db =>
        {
            var batch = db.CreateBatch();
            var adds = jobs.Select(job => batch.StreamAddAsync(_keys.Pending, WebhookRedisKeys.JobField, Serialize(job))).ToArray();
            batch.Execute();
            return Task.WhenAll(adds);
        }).ConfigureAwait(false);
        _wake.Writer.TryWrite(true);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<WebhookJob> ReadDueAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var claimEvery = TimeSpan.FromTicks(Math.Max(_options.PollInterval.Ticks, Math.Min(_options.ClaimIdleTime.Ticks / 2, TimeSpan.FromSeconds(5).Ticks)));
        var nextClaim = _time.GetTimestamp();
        var groupReady = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            var ready = new List<WebhookJob>();
            try
            {
                if (!groupReady)
                {
                    await EnsureGroupAsync().ConfigureAwait(false);
                    groupReady = true;
                }

                await MoveDueRetriesAsync().ConfigureAwait(false);
                if (_time.GetTimestamp() >= nextClaim)
                {
                    nextClaim = _time.GetTimestamp() + (long)(claimEvery.TotalSeconds * _time.TimestampFrequency);
                    await ClaimStaleAsync(ready).ConfigureAwait(false);
                }

                var entries = await _redis.RunAsync("webhook-xreadgroup", db =>
                    db.StreamReadGroupAsync(_keys.Pending, WebhookRedisKeys.Group, Consumer, StreamPosition.NewMessages, BatchSize)).ConfigureAwait(false);
                await TakeAsync(entries, ready).ConfigureAwait(false);
            }
            catch (BackplaneUnavailableException ex)
            {
                WebhookLog.StoreUnavailable(_logger, "read", ex.Message);
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                groupReady = false; // the stream was deleted (e.g. FLUSHALL): create it and the group again
            }

            foreach (var job in ready)
            {
                yield return job;
            }

            if (ready.Count == 0)
            {
                await WaitForWorkAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public Task CompleteAsync(WebhookJob job, CancellationToken cancellationToken) =>
        FinishAsync(job, null, default, "webhook-ack");

    /// <inheritdoc />
    public Task RetryAsync(WebhookJob job, WebhookJob next, DateTimeOffset dueAt, CancellationToken cancellationToken) =>
        FinishAsync(job, next, dueAt, "webhook-retry");

    /// <inheritdoc />
    public async Task<bool> DeferAsync(WebhookJob job, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        await FinishAsync(job, job, dueAt, "webhook-defer").ConfigureAwait(false);
        return true;
    }

    private async Task FinishAsync(WebhookJob job, WebhookJob? next, DateTimeOffset dueAt, string operation)
    {
        try
        {
            await _redis.RunAsync(operation, async db =>
            {
                var tx = db.CreateTransaction();
                if (next is not null)
                {
                    _ = tx.SortedSetAddAsync(_keys.Retry, Serialize(next), dueAt.ToUnixTimeMilliseconds());
                }

                if (job.Ticket is { } ticket)
                {
                    _ = tx.StreamAcknowledgeAsync(_keys.Pending, WebhookRedisKeys.Group, ticket);
                    _ = tx.StreamDeleteAsync(_keys.Pending, [ticket]);
                }

                return await tx.ExecuteAsync().ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        finally
        {
            if (job.Ticket is { } ticket)
            {
                _inFlight.TryRemove(ticket, out _);
            }
        }
    }

    private async Task EnsureGroupAsync()
    {
        try
        {
            await _redis.RunAsync("webhook-xgroup", db =>
                db.StreamCreateConsumerGroupAsync(_keys.Pending, WebhookRedisKeys.Group, StreamPosition.Beginning, createStream: true)).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsBusyGroup(ex))
        {
            // Another instance (or an earlier run) made it.
        }
    }

    // RedisConnection counts replies starting with "BUSY" as "Redis unavailable", and BUSYGROUP starts so: look inside.
    private static bool IsBusyGroup(Exception ex) =>
        (ex as RedisServerException ?? ex.InnerException as RedisServerException)?.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal) == true;

    private Task<int> MoveDueRetriesAsync() =>
        _redis.RunAsync("webhook-move-due", async db =>
            (int)await db.ScriptEvaluateAsync(MoveDueScript, new
            {
                retry = (RedisKey)_keys.Retry,
                pending = (RedisKey)_keys.Pending,
                now = _time.GetUtcNow().ToUnixTimeMilliseconds(),
                count = BatchSize,
                field = WebhookRedisKeys.JobField,
            }).ConfigureAwait(false));

    private async Task ClaimStaleAsync(List<WebhookJob> ready)
    {
        var minIdle = (long)_options.ClaimIdleTime.TotalMilliseconds;
        var result = await _redis.RunAsync("webhook-xautoclaim", db =>
            db.StreamAutoClaimAsync(_keys.Pending, WebhookRedisKeys.Group, Consumer, minIdle, "0-0", BatchSize)).ConfigureAwait(false);
        if (!result.IsNull && result.ClaimedEntries.Length > 0)
        {
            WebhookLog.Claimed(_logger, result.ClaimedEntries.Length);
            await TakeAsync(result.ClaimedEntries, ready).ConfigureAwait(false);
        }

        // Consumers of instances long gone, with nothing pending, are removed so the group does not grow forever.
        var consumers = await _redis.RunAsync("webhook-xinfo", db => db.StreamConsumerInfoAsync(_keys.Pending, WebhookRedisKeys.Group)).ConfigureAwait(false);
        foreach (var gone in consumers.Where(c => c.PendingMessageCount == 0 && c.IdleTimeInMilliseconds > minIdle * 10 && c.Name != Consumer))
        {
            await _redis.RunAsync("webhook-xdelconsumer", db => db.StreamDeleteConsumerAsync(_keys.Pending, WebhookRedisKeys.Group, gone.Name)).ConfigureAwait(false);
        }
    }

    private async Task TakeAsync(StreamEntry[] entries, List<WebhookJob> ready)
    {
        foreach (var entry in entries)
        {
            if (entry.IsNull)
            {
                continue;
            }

            var ticket = (string)entry.Id!;
            var json = entry[WebhookRedisKeys.JobField];
            var job = json.IsNullOrEmpty ? null : Deserialize(json!);
            if (job is null)
            {
                WebhookLog.MalformedEntry(_logger, ticket);
                await FinishAsync(new WebhookJob("", "", "", "", 0) { Ticket = ticket }, null, default, "webhook-ack").ConfigureAwait(false);
                continue;
            }

            if (_inFlight.TryAdd(ticket, 0))
            {
                ready.Add(job with { Ticket = ticket });
            }
        }
    }

    private async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _wake.Reader.WaitToReadAsync(cancellationToken).AsTask().WaitAsync(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            _wake.Reader.TryRead(out _);
        }
        catch (TimeoutException)
        {
            // Poll again.
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop ends.
        }
    }

    private static string Serialize(WebhookJob job) => JsonSerializer.Serialize(job, WebhookJsonContext.Default.WebhookJob);

    private static WebhookJob? Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, WebhookJsonContext.Default.WebhookJob);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
