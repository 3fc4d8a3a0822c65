using System.Diagnostics.Metrics;
using CustomerChat.Broker.Observability;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>
/// Webhook instruments on the broker's meter (<c>CustomerChat.Broker</c>): <c>webhooks.published</c> (events taken in),
/// <c>webhooks.attempts</c> (by <c>outcome</c>: success | failure), <c>webhooks.attempt.duration</c> (s),
/// <c>webhooks.dropped</c> (by <c>reason</c>: intake_full | lane_full | store_unavailable | gave_up | webhook_gone) and
/// <c>webhooks.deferred</c> (attempts put back because an endpoint's local queue was full, Redis mode).
/// </summary>
public sealed class WebhookMetrics
{
    private readonly Counter<long> _published;
    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _deferred;

    /// <summary>Creates the instruments on <see cref="BrokerMetrics.Meter"/>.</summary>
    public WebhookMetrics(BrokerMetrics metrics)
    {
        var meter = metrics.Meter;
        _published = meter.CreateCounter<long>("webhooks.published", "{event}", "Events taken in for webhooks.");
        _attempts = meter.CreateCounter<long>("webhooks.attempts", "{attempt}", "Webhook HTTP attempts, by outcome (success, failure).");
        _duration = meter.CreateHistogram<double>("webhooks.attempt.duration", "s", "How long webhook attempts took.");
        _dropped = meter.CreateCounter<long>("webhooks.dropped", "{attempt}", "Webhook events or attempts given up, by reason.");
        _deferred = meter.CreateCounter<long>("webhooks.deferred", "{attempt}", "Attempts put back in the store because the endpoint's local queue was full.");
    }

    /// <summary>Counts an event taken in.</summary>
    public void Published() => _published.Add(1);

    /// <summary>Counts an attempt and records its duration.</summary>
    public void Attempted(bool success, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("outcome", success ? "success" : "failure");
        _attempts.Add(1, tag);
        _duration.Record(elapsed.TotalSeconds, tag);
    }

    /// <summary>Counts something given up, by a fixed reason.</summary>
    public void Dropped(string reason, long count = 1) => _dropped.Add(count, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Counts an attempt put back.</summary>
    public void Deferred() => _deferred.Add(1);
}
