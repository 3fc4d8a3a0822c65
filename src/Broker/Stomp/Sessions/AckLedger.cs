using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// The messages a session was sent in a client ack mode and has not yet acknowledged, in delivery order
/// (STOMP 1.2 §"ACK", §"NACK"). An ACK in <c>client</c> mode covers the named message and every earlier
/// one of its subscription; in <c>client-individual</c> mode only that one. Every call holds <see cref="Gate"/>.
/// </summary>
internal sealed class AckLedger
{
    private readonly List<Pending> _pending = [];
    private long _nextAckId;

    /// <summary>The lock of the ledger and of every subscription's ack window.</summary>
    public object Gate { get; } = new();

    public int Count => _pending.Count;

    /// <summary>Records a delivery; returns its <c>ack</c> header value.</summary>
    public string Add(Subscription subscription, string messageId)
    {
        var ackId = (++_nextAckId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _pending.Add(new Pending(ackId, subscription, messageId));
        return ackId;
    }

    /// <summary>
    /// Finds a pending delivery by STOMP 1.2 <c>id</c> (= the MESSAGE's <c>ack</c>), or for 1.0/1.1 by
    /// <c>message-id</c> (and <c>subscription</c> when given). Removes it (and, in client mode, the earlier
    /// ones of its subscription); returns the subscriptions whose window opened, or null when not pending.
    /// </summary>
    public List<Subscription>? Settle(string? ackId, string? messageId, string? subscriptionId)
    {
        var index = _pending.FindIndex(p => ackId is not null
            ? p.AckId == ackId
            : p.MessageId == messageId && (subscriptionId is null || p.Subscription.Id == subscriptionId));
        if (index < 0)
        {
            return null;
        }

        var target = _pending[index];
        var settled = new List<Subscription>(1);
        if (target.Subscription.AckMode == AckMode.Client)
        {
            for (var i = index; i >= 0; i--)
            {
                if (ReferenceEquals(_pending[i].Subscription, target.Subscription))
                {
                    _pending.RemoveAt(i);
                    target.Subscription.Unacked--;
                }
            }
        }
        else
        {
            _pending.RemoveAt(index);
            target.Subscription.Unacked--;
        }

        settled.Add(target.Subscription);
        return settled;
    }

    /// <summary>Forgets every pending delivery of a subscription (UNSUBSCRIBE).</summary>
    public void Forget(Subscription subscription) => _pending.RemoveAll(p => ReferenceEquals(p.Subscription, subscription));

    private readonly record struct Pending(string AckId, Subscription Subscription, string MessageId);
}
