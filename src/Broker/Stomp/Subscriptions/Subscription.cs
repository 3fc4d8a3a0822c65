namespace CustomerChat.Broker.Stomp;

/// <summary>
/// One SUBSCRIBE of one session (STOMP 1.2 §"SUBSCRIBE"): the client's <c>id</c>, the destination as the
/// client wrote it, the routing key it resolves to (a user destination resolves per user), and the ack mode
/// with its <c>prefetch-count</c> window. It owns its flow control and writes to its session's sink:
/// <list type="bullet">
/// <item>held: while the first messages (a snapshot or a replay) are fetched, live ones wait aside, then are
/// released after them without gap or duplicate (<see cref="Start"/>);</item>
/// <item>ack window: in the client ack modes at most <see cref="Prefetch"/> messages are unacknowledged; the
/// rest wait in a backlog, bounded by the sink's limit (past it the consumer is too slow).</item>
/// </list>
/// </summary>
public sealed class Subscription
{
    private readonly object _gate = new();
    private readonly ISubscriptionSink _sink;
    private List<BrokerMessage>? _held;
    private Queue<BrokerMessage>? _backlog;
    private IDeliveryFilter? _filter;
    private volatile bool _holding;

    /// <summary>Unacknowledged deliveries; guarded by the sink's <see cref="AckLedger.Gate"/>.</summary>
    internal int Unacked;

    internal Subscription(ISubscriptionSink sink, string id, string destination, string key, AckMode ackMode, int prefetch, bool hold)
    {
        _sink = sink;
        Id = id;
        Destination = destination;
        Key = key;
        AckMode = ackMode;
        Prefetch = prefetch;
        _holding = hold;
        if (hold)
        {
            _held = [];
        }
    }

    /// <summary>The SUBSCRIBE <c>id</c> header, echoed as MESSAGE <c>subscription</c>.</summary>
    public string Id { get; }

    /// <summary>The destination as subscribed, e.g. <c>/user/queue/messages</c>.</summary>
    public string Destination { get; }

    /// <summary>The routing key, e.g. <c>/topic/news</c> or <c>user:c-…:/queue/messages</c>.</summary>
    public string Key { get; }

    /// <summary>The ack mode.</summary>
    public AckMode AckMode { get; }

    /// <summary>The most unacknowledged messages in flight for the client ack modes.</summary>
    public int Prefetch { get; }

    /// <summary>Whether live messages are being held back for the first messages.</summary>
    public bool IsHolding => _holding;

    /// <summary>Hands a live message to the subscription; safe from any thread.</summary>
    public void Deliver(BrokerMessage message)
    {
        if (_filter is { } filter && !filter.ShouldDeliver(message))
        {
            return;
        }

        if (AckMode == AckMode.Auto && !_holding)
        {
            _sink.Write(this, message, ack: null);
            return;
        }

        lock (_gate)
        {
            if (_holding)
            {
                _held!.Add(message);
                return;
            }

            DeliverNow(message);
        }
    }

    /// <summary>
    /// Ends the hold: delivers <paramref name="initial"/>, then what arrived meanwhile except repeats of an
    /// initial message (same stream key and id) and what <paramref name="filter"/> rejects; the filter stays
    /// on for every later message.
    /// </summary>
    internal void Start(IReadOnlyList<BrokerMessage> initial, IDeliveryFilter? filter)
    {
        lock (_gate)
        {
            HashSet<(string?, string)>? sent = null;
            foreach (var message in initial)
            {
                (sent ??= []).Add((message.StreamKey, message.MessageId));
                DeliverNow(message);
            }

            _filter = filter;
            foreach (var message in _held ?? [])
            {
                if ((filter is null || filter.ShouldDeliver(message)) && (sent is null || !sent.Contains((message.StreamKey, message.MessageId))))
                {
                    DeliverNow(message);
                }
            }

            _held = null;
            _holding = false;
        }
    }

    /// <summary>Delivers what the ack window now has room for (after an ACK or NACK opened it).</summary>
    internal void DrainBacklog()
    {
        lock (_gate)
        {
            while (true)
            {
                BrokerMessage next;
                string ack;
                lock (_sink.Acks.Gate)
                {
                    if (_backlog is not { Count: > 0 } backlog || Unacked >= Prefetch)
                    {
                        return;
                    }

                    next = backlog.Dequeue();
                    Unacked++;
                    ack = _sink.Acks.Add(this, next.MessageId);
                }

                _sink.Write(this, next, ack);
            }
        }
    }

    /// <summary>Delivers respecting the ack window; the caller holds the gate or the mode is auto.</summary>
    private void DeliverNow(BrokerMessage message)
    {
        if (AckMode == AckMode.Auto)
        {
            _sink.Write(this, message, ack: null);
            return;
        }

        string ack;
        lock (_sink.Acks.Gate)
        {
            if (Unacked >= Prefetch || _backlog is { Count: > 0 })
            {
                var backlog = _backlog ??= new Queue<BrokerMessage>();
                if (backlog.Count < _sink.BacklogLimit)
                {
                    backlog.Enqueue(message);
                    return;
                }

                ack = "";
            }
            else
            {
                Unacked++;
                ack = _sink.Acks.Add(this, message.MessageId);
            }
        }

        if (ack.Length == 0)
        {
            _sink.Overflow();
            return;
        }

        _sink.Write(this, message, ack);
    }
}
