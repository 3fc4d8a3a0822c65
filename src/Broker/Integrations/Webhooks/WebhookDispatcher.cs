using System.Collections.Concurrent;
using CustomerChat.Broker.Stomp;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>
/// Runs webhook delivery on this instance (docs/protocol.md §16 "Delivery"): the intake loop fans each
/// published event out to the webhooks that want its type and hands the first attempts to <see cref="IWebhookQueue"/>;
/// the pump takes due attempts from the queue into each endpoint's <see cref="WebhookLane"/>; a lane's workers make
/// the attempt, log it, and finish it in the queue (done, or retried after 1 s, 2 s, 4 s … up to <c>MaxAttempts</c>).
/// </summary>
public sealed class WebhookDispatcher : BackgroundService
{
    private const int IntakeBatch = 100;

    private readonly WebhookPublisher _publisher;
    private readonly WebhookRegistry _registry;
    private readonly IWebhookStore _store;
    private readonly IWebhookQueue _queue;
    private readonly WebhookSender _sender;
    private readonly WebhookDeliveryOptions _options;
    private readonly WebhookMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly ConcurrentDictionary<string, WebhookLane> _lanes = new(StringComparer.Ordinal);

    /// <summary>Creates the dispatcher.</summary>
    public WebhookDispatcher(WebhookPublisher publisher, WebhookRegistry registry, IWebhookStore store, IWebhookQueue queue, WebhookSender sender,
        IOptions<IntegrationOptions> options, WebhookMetrics metrics, TimeProvider time, ILogger<WebhookDispatcher> logger)
    {
        _publisher = publisher;
        _registry = registry;
        _store = store;
        _queue = queue;
        _sender = sender;
        _options = options.Value.WebhookDelivery;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var intake = Task.Run(() => RunIntakeAsync(stoppingToken), CancellationToken.None);
        var pump = Task.Run(() => RunPumpAsync(stoppingToken), CancellationToken.None);
        await Task.WhenAll(intake, pump).ConfigureAwait(false);
        await Task.WhenAll(_lanes.Values.Select(l => l.Completion)).ConfigureAwait(false);
    }

    private async Task RunIntakeAsync(CancellationToken stopping)
    {
        var reader = _publisher.Intake;
        var batch = new List<WebhookEvent>(IntakeBatch);
        try
        {
            while (await reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < IntakeBatch && reader.TryRead(out var evt))
                {
                    batch.Add(evt);
                }

                try
                {
                    var webhooks = await _registry.ListAsync(stopping).ConfigureAwait(false);
                    var jobs = new List<WebhookJob>();
                    foreach (var evt in batch)
                    {
                        string? body = null;
                        foreach (var webhook in webhooks.Where(w => w.Wants(evt.Type)))
                        {
                            body ??= evt.ToBody();
                            jobs.Add(new WebhookJob(evt.Id, evt.Type, webhook.Id, body, 1));
                        }
                    }

                    await _queue.EnqueueAsync(jobs, stopping).ConfigureAwait(false);
                }
                catch (BackplaneUnavailableException ex)
                {
                    WebhookLog.StoreUnavailable(_logger, "enqueue", ex.Message);
                    _metrics.Dropped("store_unavailable", batch.Count);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RunPumpAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var job in _queue.ReadDueAsync(stopping).ConfigureAwait(false))
            {
                var lane = _lanes.GetOrAdd(job.WebhookId, _ => new WebhookLane(_options.QueueCapacity, _options.WorkersPerEndpoint, AttemptAsync, stopping));
                if (lane.TryOffer(job))
                {
                    continue;
                }

                var kept = false;
                try
                {
                    kept = await _queue.DeferAsync(job, _time.GetUtcNow() + _options.RetryBaseDelay, stopping).ConfigureAwait(false);
                }
                catch (BackplaneUnavailableException ex)
                {
                    WebhookLog.StoreUnavailable(_logger, "defer", ex.Message);
                }

                WebhookLog.LaneFull(_logger, job.WebhookId, job.Attempt, job.DeliveryId, kept ? "deferred" : "dropped");
                if (kept)
                {
                    _metrics.Deferred();
                }
                else
                {
                    _metrics.Dropped("lane_full");
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task AttemptAsync(WebhookJob job, CancellationToken stopping)
    {
        try
        {
            var webhook = await _registry.FindForDeliveryAsync(job.WebhookId, stopping).ConfigureAwait(false);
            if (webhook is null)
            {
                WebhookLog.WebhookGone(_logger, job.WebhookId);
                _metrics.Dropped("webhook_gone");
                await _queue.CompleteAsync(job, stopping).ConfigureAwait(false);
                return;
            }

            var at = _time.GetUtcNow();
            var result = await _sender.SendAsync(webhook, job, stopping).ConfigureAwait(false);
            _metrics.Attempted(result.Succeeded, result.Elapsed);
            var retry = !result.Succeeded && job.Attempt < _options.MaxAttempts;
            var attempt = new WebhookAttempt(job.DeliveryId, job.Type, job.Attempt, at, result.StatusCode, result.Error, result.Succeeded,
                (long)result.Elapsed.TotalMilliseconds, retry);

            Task outcome;
            if (result.Succeeded)
            {
                outcome = _queue.CompleteAsync(job, stopping);
            }
            else if (retry)
            {
                var delay = _options.RetryDelay(job.Attempt + 1);
                WebhookLog.AttemptFailed(_logger, job.WebhookId, job.Attempt, job.DeliveryId, job.Type, result.Describe(), delay.TotalSeconds);
                outcome = _queue.RetryAsync(job, job with { Attempt = job.Attempt + 1, Ticket = null }, _time.GetUtcNow() + delay, stopping);
            }
            else
            {
                WebhookLog.GaveUp(_logger, job.WebhookId, job.DeliveryId, job.Type, job.Attempt, result.Describe());
                _metrics.Dropped("gave_up");
                outcome = _queue.CompleteAsync(job, stopping);
            }

            // Logged right behind the outcome, which is already issued: in Redis mode both go out in this order on one
            // connection, so "in the log" still implies "retry scheduled" or "finished", and the worker waits for one
            // round trip instead of two (docs/performance/webhooks.md).
            var logged = _store.RecordAttemptAsync(job.WebhookId, attempt, _options.DeliveryLogSize, stopping);
            await Task.WhenAll(outcome, logged).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (BackplaneUnavailableException ex)
        {
            // The attempt stays pending in Redis and is claimed again after ClaimIdleTime.
            WebhookLog.StoreUnavailable(_logger, "attempt", ex.Message);
        }
        catch (Exception ex)
        {
            WebhookLog.WorkerFailed(_logger, ex, job.WebhookId, job.DeliveryId);
        }
    }
}
