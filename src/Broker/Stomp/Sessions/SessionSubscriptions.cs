using System.Globalization;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// The subscriptions of one session (STOMP 1.2 §"SUBSCRIBE", §"UNSUBSCRIBE", §"ACK", §"NACK"): ids, limits,
/// ack modes with <c>prefetch-count</c>, the first messages from the destination's <see cref="ISubscriptionSource"/>,
/// and the ack ledger. Changed only on the read loop; <see cref="ErrorSubscriptions"/> is read from any thread.
/// </summary>
internal sealed class SessionSubscriptions(StompSession session)
{
    private readonly Dictionary<string, Subscription> _byId = new(StringComparer.Ordinal);
    private Subscription[] _errorSubscriptions = [];

    /// <summary>The unacknowledged deliveries of every subscription of the session.</summary>
    public AckLedger Acks { get; } = new();

    /// <summary>The subscriptions to the error queue, where refusals go; a snapshot safe to read from any thread.</summary>
    public Subscription[] ErrorSubscriptions => Volatile.Read(ref _errorSubscriptions);

    private StompServices Services => session.Services;

    // SUBSCRIBE: destination, id, ack; prefetch-count and x-since are extensions (docs/protocol.md §2 "Frames")
    /// <summary>Subscribes; true when done (RECEIPT follows), false when refused.</summary>
    public async Task<bool> SubscribeAsync(StompFrame frame)
    {
        var destination = StompSession.Require(frame, StompHeaderNames.Destination);
        var id = frame[StompHeaderNames.Id] ?? (session.Version == StompVersion.V1_0 ? destination : throw new StompProtocolException("SUBSCRIBE requires an 'id' header."));
        if (_byId.ContainsKey(id))
        {
            throw new StompProtocolException($"Subscription id '{id}' is already in use.");
        }

        var limit = Services.Options.Limits.MaxSubscriptionsPerConnection;
        if (_byId.Count >= limit)
        {
            throw new StompProtocolException($"Too many subscriptions: the limit is {limit} per connection.");
        }

        var ackMode = frame[StompHeaderNames.Ack] switch
        {
            null or "auto" => AckMode.Auto,
            "client" => AckMode.Client,
            "client-individual" => AckMode.ClientIndividual,
            var other => throw new StompProtocolException($"Invalid ack mode '{other}': use auto, client or client-individual."),
        };
        var prefetch = Services.Options.Limits.DefaultPrefetchCount;
        if (frame[StompHeaderNames.PrefetchCount] is { } prefetchText
            && (!int.TryParse(prefetchText, NumberStyles.None, CultureInfo.InvariantCulture, out prefetch) || prefetch < 1))
        {
            throw new StompProtocolException($"Invalid prefetch-count '{prefetchText}': a positive integer is required.");
        }

        var table = Services.Destinations;
        if (table.Policy.CheckSubscribe(session.User!, destination) is { } refusal)
        {
            session.Refuse(refusal, frame[StompHeaderNames.Receipt]);
            return false;
        }

        var source = table.FindSource(destination);
        var key = table.RoutingKeyFor(destination, session.User!.UserId);
        var subscription = new Subscription(session, id, destination, key, ackMode, prefetch, hold: source is not null);
        _byId[id] = subscription;
        if (destination == table.ErrorDestination)
        {
            Volatile.Write(ref _errorSubscriptions, [.. _errorSubscriptions, subscription]);
        }

        Services.Subscriptions.Add(subscription);
        await Services.Backplane.SubscribeAsync(key).ConfigureAwait(false);
        if (source is null)
        {
            return true;
        }

        SubscriptionStart start;
        try
        {
            start = await source.StartAsync(session, frame).ConfigureAwait(false);
        }
        catch (BackplaneUnavailableException)
        {
            start = SubscriptionStart.Refused(Refusal.Unavailable(destination, "The store is unavailable; try again."));
        }

        if (start.Refusal is { } refused)
        {
            Remove(subscription);
            session.Refuse(refused, frame[StompHeaderNames.Receipt]);
            return false;
        }

        subscription.Start(start.Messages, start.Filter);
        return true;
    }

    /// <summary>UNSUBSCRIBE: by <c>id</c> (or, in 1.0, the destination); an unknown id is ignored.</summary>
    public void Unsubscribe(StompFrame frame)
    {
        var id = frame[StompHeaderNames.Id] ?? (session.Version == StompVersion.V1_0 ? frame[StompHeaderNames.Destination] : null)
            ?? throw new StompProtocolException("UNSUBSCRIBE requires an 'id' header.");
        if (_byId.TryGetValue(id, out var subscription))
        {
            Remove(subscription);
        }
    }

    // ACK / NACK: id (1.2), message-id + subscription (1.1), message-id (1.0)
    /// <summary>Settles a delivery and delivers what its subscription's window now has room for.</summary>
    public void Settle(StompFrame frame)
    {
        string? ackId = null, messageId = null, subscriptionId = null;
        if (session.Version == StompVersion.V1_2)
        {
            ackId = StompSession.Require(frame, StompHeaderNames.Id);
        }
        else
        {
            messageId = StompSession.Require(frame, StompHeaderNames.MessageId);
            subscriptionId = frame[StompHeaderNames.Subscription];
        }

        List<Subscription>? opened;
        lock (Acks.Gate)
        {
            opened = Acks.Settle(ackId, messageId, subscriptionId);
        }

        if (opened is null)
        {
            throw new StompProtocolException($"{StompCommands.GetName(frame.Command)} for '{ackId ?? messageId}', which is not an unacknowledged message of this session.");
        }

        // A NACK on a topic has nowhere to send the message back to: it is dropped, like an ACK.
        foreach (var subscription in opened)
        {
            subscription.DrainBacklog();
        }
    }

    /// <summary>Removes every subscription (the session ended).</summary>
    public void Clear()
    {
        foreach (var subscription in _byId.Values.ToArray())
        {
            Remove(subscription);
        }

        Volatile.Write(ref _errorSubscriptions, []);
    }

    private void Remove(Subscription subscription)
    {
        _byId.Remove(subscription.Id);
        if (subscription.Destination == Services.Destinations.ErrorDestination)
        {
            Volatile.Write(ref _errorSubscriptions, [.. _errorSubscriptions.Where(s => s != subscription)]);
        }

        if (Services.Subscriptions.Remove(subscription))
        {
            Services.Backplane.Unsubscribe(subscription.Key);
        }

        lock (Acks.Gate)
        {
            Acks.Forget(subscription);
        }
    }
}
