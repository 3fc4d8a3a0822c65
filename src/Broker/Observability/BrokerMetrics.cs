using System.Diagnostics;
using System.Diagnostics.Metrics;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Observability;

/// <summary>
/// The broker's instruments, on one <see cref="Meter"/> named <see cref="MeterName"/> (issue 7). Anything that
/// listens to meters reads them: <c>dotnet-counters monitor --counters CustomerChat.Broker</c>, and
/// <c>GET /metrics</c> (Prometheus text, through prometheus-net's meter adapter, see <see cref="ObservabilitySetup"/>).
/// Every tag takes values from a small fixed set (commands, reasons), so no instrument's cardinality grows with
/// traffic. What happens per frame or per delivery is counted in <see cref="StripedCounter"/>s and published through
/// observable instruments, so recording costs one uncontended interlocked add whether or not anything listens.
/// </summary>
public sealed class BrokerMetrics
{
    /// <summary>The meter's name: what <c>dotnet-counters --counters</c> and the Prometheus adapter select.</summary>
    public const string MeterName = "CustomerChat.Broker";

    private static readonly KeyValuePair<string, object?> HeartbeatTag = new("command", "heartbeat");
    private static readonly KeyValuePair<string, object?>[] CommandTags = CreateCommandTags();
    private static readonly KeyValuePair<string, object?> HandlerTag = new("kind", "handler");
    private static readonly KeyValuePair<string, object?> TopicTag = new("kind", "topic");

    private readonly Counter<long> _connectionsOpened;
    private readonly Counter<long> _connectionsClosed;
    private readonly Counter<long> _connectionsRefused;
    private readonly Histogram<double> _connectionDuration;

    // Counted per frame and per delivery: striped counts published through observable instruments (read when a
    // listener collects), not a synchronous measurement per event (see StripedCounter).
    private readonly StripedCounter[] _framesReceived = CreateCommandCounters();
    private readonly StripedCounter[] _framesSent = CreateCommandCounters();
    private readonly StripedCounter _heartbeatsSent = new();
    private readonly StripedCounter _routedToHandler = new();
    private readonly StripedCounter _routedToTopic = new();
    private readonly StripedCounter _deliveries = new();
    private readonly Counter<long> _drops;
    private readonly Counter<long> _authFailures;
    private readonly Histogram<double> _redisRoundTrip;

    /// <summary>Creates the meter through the host's <see cref="IMeterFactory"/> (so it lives and dies with the host).</summary>
    public BrokerMetrics(IMeterFactory meterFactory, IConnectionStatistics connections)
    {
        Meter = meterFactory.Create(new MeterOptions(MeterName) { Version = "1.0" });

        Meter.CreateObservableUpDownCounter("connections.open", () => connections.OpenConnections,
            "{connection}", "Open WebSocket connections on this instance.");
        Meter.CreateObservableUpDownCounter("sessions.connected", () => connections.ConnectedSessions,
            "{session}", "Connections that completed CONNECT.");
        Meter.CreateObservableGauge("outbound.queue.bytes", () => ObserveQueues(connections, bytes: true),
            "By", "Bytes queued to clients and not yet written: the sum over connections (tag aggregate=sum) and the largest one (aggregate=max).");
        Meter.CreateObservableGauge("outbound.queue.frames", () => ObserveQueues(connections, bytes: false),
            "{frame}", "MESSAGE frames queued to clients and not yet written: the sum (aggregate=sum) and the largest queue (aggregate=max).");

        _connectionsOpened = Meter.CreateCounter<long>("connections.opened", "{connection}", "WebSocket connections accepted.");
        _connectionsClosed = Meter.CreateCounter<long>("connections.closed", "{connection}", "Connections closed, by reason (see CloseReasons).");
        _connectionsRefused = Meter.CreateCounter<long>("connections.refused", "{connection}", "Upgrades or CONNECTs refused by a limit or the origin policy, by reason.");
        _connectionDuration = Meter.CreateHistogram<double>("connection.duration", "s", "How long connections stayed open.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 10, 60, 300, 1800, 3600, 14400, 86400] });
        Meter.CreateObservableCounter("frames.received", () => ObserveCommands(_framesReceived, heartbeats: null),
            "{frame}", "STOMP frames received from clients, by command.");
        Meter.CreateObservableCounter("frames.sent", () => ObserveCommands(_framesSent, _heartbeatsSent),
            "{frame}", "STOMP frames written to clients, by command (heart-beats as command=heartbeat).");
        Meter.CreateObservableCounter("messages.routed", ObserveRouted,
            "{message}", "SEND frames accepted and routed, by destination kind (handler: a registered destination handler such as the chat commands; topic: plain pub/sub).");
        Meter.CreateObservableCounter("deliveries", () => _deliveries.Value, "{message}", "MESSAGE frames queued to a subscriber.");
        _drops = Meter.CreateCounter<long>("drops", "{message}",
            "Messages and frames not delivered or not accepted, by reason: slow_consumer, closing, transaction_aborted (frames of transactions open when their connection closed), or a refusal code (rate_limited, forbidden, invalid, not_found, conflict, unavailable).");
        _authFailures = Meter.CreateCounter<long>("auth.failures", "{failure}",
            "Authentication failures, by reason: missing_token, invalid_token, token_expired, login_failed, rate_limited.");
        _redisRoundTrip = Meter.CreateHistogram<double>("redis.duration", "s", "Redis round-trip time, by operation.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
    }

    /// <summary>The meter (for a <see cref="MeterListener"/> or an exporter that selects by instance).</summary>
    public Meter Meter { get; }

    /// <summary>A WebSocket was accepted.</summary>
    public void ConnectionOpened() => _connectionsOpened.Add(1);

    /// <summary>A connection closed after <paramref name="durationMs"/>, for <paramref name="reason"/> (a close reason as the broker logs it).</summary>
    public void ConnectionClosed(string? reason, long durationMs)
    {
        _connectionsClosed.Add(1, new KeyValuePair<string, object?>("reason", CloseReasons.Classify(reason)));
        _connectionDuration.Record(durationMs / 1000.0);
    }

    /// <summary>An upgrade or CONNECT was refused: <c>origin</c>, <c>address_limit</c>, <c>user_limit</c>.</summary>
    public void ConnectionRefused(string reason) => _connectionsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A client frame was parsed.</summary>
    public void FrameReceived(StompCommand command) => CommandCounter(_framesReceived, command).Increment();

    /// <summary>A frame was written to a client.</summary>
    public void FrameSent(StompCommand command) => CommandCounter(_framesSent, command).Increment();

    /// <summary>A heart-beat EOL was written to a client.</summary>
    public void HeartbeatSent() => _heartbeatsSent.Increment();

    /// <summary>A SEND was accepted by a registered destination handler (<c>messages.routed{kind=handler}</c>).</summary>
    public void RoutedToHandler() => _routedToHandler.Increment();

    /// <summary>A SEND was published to a plain topic (<c>messages.routed{kind=topic}</c>).</summary>
    public void RoutedToTopic() => _routedToTopic.Increment();

    /// <summary>A MESSAGE was queued to a subscriber.</summary>
    public void Delivered() => _deliveries.Increment();

    /// <summary>A message or frame was dropped or refused; <paramref name="reason"/> comes from a small fixed set.</summary>
    public void Dropped(string reason, int count = 1) => _drops.Add(count, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>An authentication failed: <c>missing_token</c>, <c>invalid_token</c>, <c>token_expired</c>, <c>login_failed</c>, <c>rate_limited</c>.</summary>
    public void AuthFailed(string reason) => _authFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>
    /// Records one Redis round trip (for the Redis backplane and stores), e.g.
    /// <c>var start = Stopwatch.GetTimestamp(); await db.ExecuteAsync("XADD", …); metrics.RecordRedisRoundTrip("xadd", Stopwatch.GetElapsedTime(start));</c>.
    /// <paramref name="operation"/> should come from a small fixed set (a command name, not a key).
    /// </summary>
    public void RecordRedisRoundTrip(string operation, TimeSpan elapsed) =>
        _redisRoundTrip.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("operation", operation));

    /// <summary>Records the round trip since <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/> value).</summary>
    public void RecordRedisRoundTrip(string operation, long startTimestamp) =>
        RecordRedisRoundTrip(operation, Stopwatch.GetElapsedTime(startTimestamp));

    private static StripedCounter CommandCounter(StripedCounter[] counters, StompCommand command)
    {
        // The last slot counts anything outside the enum (it is never parsed, but a cast could make one).
        var index = (int)command;
        return counters[(uint)index < (uint)(counters.Length - 1) ? index : counters.Length - 1];
    }

    private static StripedCounter[] CreateCommandCounters()
    {
        var counters = new StripedCounter[CommandTags.Length + 1];
        for (var i = 0; i < counters.Length; i++)
        {
            counters[i] = new StripedCounter();
        }

        return counters;
    }

    /// <summary>One measurement per command seen so far (a series appears with its first frame, as a synchronous counter's would).</summary>
    private static List<Measurement<long>> ObserveCommands(StripedCounter[] counters, StripedCounter? heartbeats)
    {
        var measurements = new List<Measurement<long>>();
        for (var i = 0; i < counters.Length; i++)
        {
            if (counters[i].Value is > 0 and var value)
            {
                measurements.Add(new Measurement<long>(value, i < CommandTags.Length ? CommandTags[i] : new("command", "unknown")));
            }
        }

        if (heartbeats?.Value is > 0 and var beats)
        {
            measurements.Add(new Measurement<long>(beats, HeartbeatTag));
        }

        return measurements;
    }

    private List<Measurement<long>> ObserveRouted()
    {
        var measurements = new List<Measurement<long>>(2);
        if (_routedToHandler.Value is > 0 and var handled)
        {
            measurements.Add(new Measurement<long>(handled, HandlerTag));
        }

        if (_routedToTopic.Value is > 0 and var published)
        {
            measurements.Add(new Measurement<long>(published, TopicTag));
        }

        return measurements;
    }

    private static KeyValuePair<string, object?>[] CreateCommandTags()
    {
        var max = Enum.GetValues<StompCommand>().Max(c => (int)c);
        var tags = new KeyValuePair<string, object?>[max + 1];
        for (var i = 0; i <= max; i++)
        {
            var command = (StompCommand)i;
            tags[i] = new("command", Enum.IsDefined(command) && command != StompCommand.None ? StompCommands.GetName(command) : "unknown");
        }

        return tags;
    }

    private static Measurement<long>[] ObserveQueues(IConnectionStatistics connections, bool bytes)
    {
        var totals = connections.GetOutboundQueueTotals();
        return
        [
            new Measurement<long>(bytes ? totals.SumBytes : totals.SumFrames, new KeyValuePair<string, object?>("aggregate", "sum")),
            new Measurement<long>(bytes ? totals.MaxBytes : totals.MaxFrames, new KeyValuePair<string, object?>("aggregate", "max")),
        ];
    }
}
