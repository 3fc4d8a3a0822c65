using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// One SUBSCRIBE of one session (STOMP 1.2 §"SUBSCRIBE"): the client's <c>id</c>, the destination as the
/// client wrote it, the routing key it resolves to (a user destination resolves per user, as Spring's
/// <c>/user/queue/...</c> does), and the ack mode with its <c>prefetch-count</c> window.
/// A subscription can be created "held": live messages are kept aside while the first messages
/// (a snapshot or an <c>x-since</c> replay) are delivered, then released without gap or duplicate.
/// </summary>
public sealed class Subscription
{
    internal readonly object Gate = new();
    internal List<BrokerMessage>? Held;
    internal Queue<BrokerMessage>? Backlog;
    internal int Unacked;

    /// <summary>
    /// After an <c>x-since</c> replay: the highest replayed message id per conversation. A live message at
    /// or below it was stored before the replay read the history but published after the replay was
    /// delivered, so it is a duplicate and is dropped. Written once under <see cref="Gate"/> before the
    /// hold ends, read-only afterwards.
    /// </summary>
    internal Dictionary<string, History.StreamId>? ReplayHighWater;
    private volatile bool _holding;

    /// <summary>Creates a subscription; <paramref name="hold"/> starts it in the held state.</summary>
    public Subscription(StompSession session, string id, string destination, string key, AckMode ackMode, int prefetch, bool hold)
    {
        Session = session;
        Id = id;
        Destination = destination;
        Key = key;
        AckMode = ackMode;
        Prefetch = prefetch;
        _holding = hold;
        if (hold)
        {
            Held = [];
        }
    }

    /// <summary>The session that owns it.</summary>
    public StompSession Session { get; }

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

    /// <summary>Whether live messages are being held back for a snapshot or replay.</summary>
    public bool IsHolding => _holding;

    /// <summary>Hands a message to the owning session; safe from any thread.</summary>
    public void Deliver(BrokerMessage message) => Session.Deliver(this, message);

    /// <summary>Marks the hold over; the caller delivers what was held, under <see cref="Gate"/>.</summary>
    internal void EndHold()
    {
        _holding = false;
        Held = null;
    }
}
