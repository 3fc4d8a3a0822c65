using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.History;
using CustomerChat.Broker.Identity;
using CustomerChat.Protocol;
using CustomerChat.Protocol.Chat;
using CustomerChat.Broker.Conversations;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// The STOMP session of one connection (STOMP 1.2 §"Client Frames"): CONNECT with version and heart-beat
/// negotiation and the token, then SEND, SUBSCRIBE, UNSUBSCRIBE, ACK, NACK, BEGIN, COMMIT, ABORT and
/// DISCONNECT, each answered with a RECEIPT when it asks for one. Protocol faults end the session with
/// ERROR; refusals by policy or validation go to <c>/user/queue/errors</c> and the session goes on (SPEC §4).
/// Frames are handled on the connection's read loop, one at a time; deliveries arrive from any thread.
/// </summary>
public sealed class StompSession
{
    private readonly StompConnection _connection;
    private readonly BrokerServices _services;
    private readonly Dictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly object _ackGate = new();
    private readonly AckLedger _acks = new();
    private readonly Transactions _transactions = new();
    private TokenBucketRateLimiter? _sendLimiter;
    private Subscription[] _errorSubscriptions = [];
    private int _refusedInARow;
    private int _pendingPublishes;
    private int _closed;

    internal StompSession(StompConnection connection, BrokerServices services)
    {
        _connection = connection;
        _services = services;
    }

    /// <summary>The connection id, also the CONNECTED <c>session</c> header.</summary>
    public string Id => _connection.Context.ConnectionId;

    /// <summary>The user, once CONNECT succeeded; null before.</summary>
    public UserIdentity? User { get; private set; }

    /// <summary>The negotiated version (1.2 until CONNECT is answered).</summary>
    public StompVersion Version { get; private set; } = StompVersion.V1_2;

    /// <summary>Whether CONNECT succeeded.</summary>
    public bool IsConnected => User is not null;

    /// <summary>How often the server sends heart-beats; zero = never.</summary>
    public TimeSpan HeartbeatSend { get; private set; }

    /// <summary>How often the client must be heard from; zero = never.</summary>
    public TimeSpan HeartbeatReceive { get; private set; }

    /// <summary>The connection carrying this session.</summary>
    public StompConnection Connection => _connection;

    /// <summary>Handles one client frame.</summary>
    internal async Task HandleFrameAsync(StompFrame frame)
    {
        var receipt = frame[StompHeaderNames.Receipt];
        try
        {
            if (!IsConnected)
            {
                if (frame.Command is StompCommand.Connect or StompCommand.Stomp)
                {
                    await ConnectAsync(frame).ConfigureAwait(false);
                    return;
                }

                throw new StompProtocolException($"{StompCommands.GetName(frame.Command)} before CONNECT: send CONNECT first.");
            }

            var done = frame.Command switch
            {
                StompCommand.Send => await SendAsync(frame).ConfigureAwait(false),
                StompCommand.Subscribe => await SubscribeAsync(frame).ConfigureAwait(false),
                StompCommand.Unsubscribe => Unsubscribe(frame),
                StompCommand.Ack or StompCommand.Nack => Acknowledge(frame),
                StompCommand.Begin => Begin(frame),
                StompCommand.Commit => await CommitAsync(frame).ConfigureAwait(false),
                StompCommand.Abort => Abort(frame),
                StompCommand.Disconnect => Disconnect(receipt),
                StompCommand.Connect or StompCommand.Stomp => throw new StompProtocolException("Already connected."),
                _ => throw new StompProtocolException($"{StompCommands.GetName(frame.Command)} is a server frame; a client may not send it."),
            };

            if (done && receipt is not null && frame.Command != StompCommand.Disconnect)
            {
                _connection.SendControl(Receipt(receipt));
            }
        }
        catch (StompProtocolException ex)
        {
            SessionLog.ProtocolError(_services.SessionLogger, Id, ex.Message);
            _connection.Fail(ex.Message, receipt);
        }
    }

    // CONNECT / STOMP: accept-version, host, login, passcode, heart-beat (STOMP 1.2 §"CONNECT or STOMP Frame")
    private async Task ConnectAsync(StompFrame frame)
    {
        var acceptVersion = frame[StompHeaderNames.AcceptVersion];
        var version = acceptVersion is null && _connection.Context.SubProtocolVersion is { } chosen
            ? chosen
            : StompVersions.Negotiate(acceptVersion);
        if (version is null)
        {
            var error = new StompFrame(StompCommand.Error)
                .With(StompHeaderNames.Version, StompVersions.Supported)
                .With(StompHeaderNames.Message, "Unsupported protocol version")
                .With(StompHeaderNames.ContentType, "text/plain");
            error.Body = "Supported protocol versions are 1.0 1.1 1.2"u8.ToArray();
            _connection.SendControl(error, closeAfter: true);
            return;
        }

        var clientHeartbeat = StompHeartbeat.Parse(frame[StompHeaderNames.HeartBeat]);
        var token = frame[StompHeaderNames.Passcode];
        if (string.IsNullOrEmpty(token) && frame[StompHeaderNames.Authorization] is { } authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = authorization["Bearer ".Length..].Trim();
        }

        if (string.IsNullOrEmpty(token))
        {
            token = _connection.Context.QueryToken;
        }

        var user = await _services.Tokens.ValidateAsync(token).ConfigureAwait(false);
        if (user is null)
        {
            _services.Metrics.AuthFailed(string.IsNullOrEmpty(token) ? "missing_token" : "invalid_token");
            throw new StompProtocolException("unauthorized");
        }

        if (!_services.Connections.TryAttachUser(user.UserId, _services.Options.Limits.MaxConnectionsPerUser))
        {
            _services.Metrics.ConnectionRefused("user_limit");
            throw new StompProtocolException($"Too many connections for this user: the limit is {_services.Options.Limits.MaxConnectionsPerUser}.");
        }

        var heartbeat = _services.Options.Heartbeat;
        var server = new StompHeartbeat(heartbeat.OutgoingMilliseconds, heartbeat.IncomingMilliseconds);
        (HeartbeatSend, HeartbeatReceive) = version == StompVersion.V1_0 ? default : StompHeartbeat.Negotiate(clientHeartbeat, server);
        Version = version.Value;
        _connection.Parser.Version = version.Value;
        User = user;

        var connected = new StompFrame(StompCommand.Connected)
            .With(StompHeaderNames.Version, StompVersions.ToHeaderValue(version.Value))
            .With(StompHeaderNames.HeartBeat, version == StompVersion.V1_0 ? "0,0" : server.ToString())
            .With(StompHeaderNames.Session, Id)
            .With(StompHeaderNames.Server, "CustomerChat/1.0")
            .With("user-name", user.UserId);
        _connection.SendControl(connected);
        SessionLog.Connected(_services.SessionLogger, Id, user.UserId, user.RoleName, StompVersions.ToHeaderValue(version.Value));
        await _services.Chat.OnSessionOpenedAsync(this).ConfigureAwait(false);
    }

    // SEND: destination, transaction, content-type, content-length (STOMP 1.2 §"SEND")
    private async Task<bool> SendAsync(StompFrame frame)
    {
        var destination = Require(frame, StompHeaderNames.Destination);
        if (frame[StompHeaderNames.Transaction] is { } transaction)
        {
            _transactions.Add(transaction, frame);
            return true;
        }

        var refusal = await RouteSendAsync(destination, frame).ConfigureAwait(false);
        if (refusal is null)
        {
            _refusedInARow = 0;
            return true;
        }

        Refuse(refusal, frame[StompHeaderNames.Receipt]);
        return false;
    }

    private async Task<Refusal?> RouteSendAsync(string destination, StompFrame frame)
    {
        var limiter = _sendLimiter ??= CreateSendLimiter();
        using var lease = limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            if (++_refusedInARow > _services.Options.Limits.SendsPerSecondPerConnection * 5)
            {
                throw new StompProtocolException("Rate limit exceeded: too many SEND frames.");
            }

            return Refusal.RateLimited(destination, $"Too many messages: the limit is {_services.Options.Limits.SendsPerSecondPerConnection} per second.");
        }

        var kind = Destinations.Classify(destination);
        if (_services.Policy.CheckSend(User!, destination, kind) is { } refusal)
        {
            return refusal;
        }

        try
        {
            if (kind == DestinationKind.ChatCommand)
            {
                var chatRefusal = await _services.Chat.HandleCommandAsync(this, destination, frame).ConfigureAwait(false);
                if (chatRefusal is null)
                {
                    _services.Metrics.MessageRouted("chat");
                }

                return chatRefusal;
            }

            // A plain topic: headers other than the transport ones pass through untouched, as does the body.
            var message = new BrokerMessage(destination, MessageIds.NextTopicId(), frame[StompHeaderNames.ContentType], frame.Body, PassThroughHeaders(frame));
            var publish = _services.Backplane.PublishAsync(destination, message);
            _services.Metrics.MessageRouted("topic");
            if (!publish.IsCompleted && frame[StompHeaderNames.Receipt] is null && Volatile.Read(ref _pendingPublishes) < MaxPendingPublishes)
            {
                // Pipelined (the Redis backplane): the next frame is read while this publish is on its way, instead of
                // one Redis round trip per SEND per connection. Order holds, as the backplane issues publishes in call
                // order; a failure still reaches /user/queue/errors, only later. A SEND with a receipt waits, so its
                // RECEIPT still means "published".
                Interlocked.Increment(ref _pendingPublishes);
                _ = ObservePublishAsync(publish, destination);
                return null;
            }

            await publish.ConfigureAwait(false);
            return null;
        }
        catch (BackplaneUnavailableException ex)
        {
            SessionLog.StoreUnavailable(_services.SessionLogger, Id, ex.Message);
            return NotStored(destination);
        }
    }

    /// <summary>Publishes one connection may have on their way before a SEND waits for the backplane again.</summary>
    private const int MaxPendingPublishes = 1024;

    private async Task ObservePublishAsync(Task publish, string destination)
    {
        try
        {
            await publish.ConfigureAwait(false);
        }
        catch (BackplaneUnavailableException ex)
        {
            SessionLog.StoreUnavailable(_services.SessionLogger, Id, ex.Message);
            Refuse(NotStored(destination), receipt: null);
        }
        finally
        {
            Interlocked.Decrement(ref _pendingPublishes);
        }
    }

    private static Refusal NotStored(string destination) => Refusal.Unavailable(destination, "The message could not be stored; try again.");

    private TokenBucketRateLimiter CreateSendLimiter()
    {
        var perSecond = Math.Max(1, _services.Options.Limits.SendsPerSecondPerConnection);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond * 2,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>
    /// The SEND's own headers a topic MESSAGE carries: all but the transport ones, first occurrence only.
    /// Allocates nothing when there are none (the common case); headers are few, so repeats are found by a
    /// linear look at what was kept.
    /// </summary>
    private static List<KeyValuePair<string, string>>? PassThroughHeaders(StompFrame frame)
    {
        List<KeyValuePair<string, string>>? extra = null;
        foreach (var header in frame.Headers)
        {
            if (header.Key is StompHeaderNames.Destination or StompHeaderNames.ContentType or StompHeaderNames.ContentLength
                or StompHeaderNames.Receipt or StompHeaderNames.Transaction or StompHeaderNames.MessageId
                or StompHeaderNames.Subscription or StompHeaderNames.Ack || (extra is not null && Contains(extra, header.Key)))
            {
                continue;
            }

            (extra ??= []).Add(header);
        }

        return extra;

        static bool Contains(List<KeyValuePair<string, string>> kept, string name)
        {
            foreach (var (key, _) in kept)
            {
                if (string.Equals(key, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }

    // SUBSCRIBE: destination, id, ack (STOMP 1.2 §"SUBSCRIBE"); prefetch-count and x-since are extensions
    private async Task<bool> SubscribeAsync(StompFrame frame)
    {
        var destination = Require(frame, StompHeaderNames.Destination);
        var id = frame[StompHeaderNames.Id] ?? (Version == StompVersion.V1_0 ? destination : throw new StompProtocolException("SUBSCRIBE requires an 'id' header."));
        if (_subscriptions.ContainsKey(id))
        {
            throw new StompProtocolException($"Subscription id '{id}' is already in use.");
        }

        var limit = _services.Options.Limits.MaxSubscriptionsPerConnection;
        if (_subscriptions.Count >= limit)
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
        var prefetch = _services.Options.Limits.DefaultPrefetchCount;
        if (frame[StompHeaderNames.PrefetchCount] is { } prefetchText
            && (!int.TryParse(prefetchText, NumberStyles.None, CultureInfo.InvariantCulture, out prefetch) || prefetch < 1))
        {
            throw new StompProtocolException($"Invalid prefetch-count '{prefetchText}': a positive integer is required.");
        }

        var kind = Destinations.Classify(destination);
        if (_services.Policy.CheckSubscribe(User!, destination, kind) is { } refusal)
        {
            Refuse(refusal, frame[StompHeaderNames.Receipt]);
            return false;
        }

        var key = kind == DestinationKind.UserQueue
            ? RoutingKeys.User(User!.UserId, destination[(RoutingKeys.UserPrefix.Length - 1)..])
            : destination;
        var hasInitial = kind is DestinationKind.SupportTopic or DestinationKind.UserQueue;
        var subscription = new Subscription(this, id, destination, key, ackMode, prefetch, hold: hasInitial);
        _subscriptions[id] = subscription;
        if (destination == Destinations.UserErrors)
        {
            Volatile.Write(ref _errorSubscriptions, [.. _errorSubscriptions, subscription]);
        }
        _services.Subscriptions.Add(subscription);
        if (hasInitial)
        {
            IReadOnlyList<BrokerMessage> initial;
            try
            {
                initial = await _services.Chat.GetInitialMessagesAsync(this, subscription, frame[StompHeaderNames.Since]).ConfigureAwait(false);
            }
            catch (FormatException)
            {
                RemoveSubscription(subscription);
                Refuse(Refusal.Invalid(destination, "Invalid x-since: expected a message id such as 1700000000000-0."), frame[StompHeaderNames.Receipt]);
                return false;
            }
            catch (BackplaneUnavailableException)
            {
                RemoveSubscription(subscription);
                Refuse(Refusal.Unavailable(destination, "History is unavailable; try again."), frame[StompHeaderNames.Receipt]);
                return false;
            }

            Release(subscription, initial);
        }

        return true;
    }

    /// <summary>Delivers the first messages of a held subscription, then what arrived meanwhile, skipping repeats.</summary>
    private void Release(Subscription subscription, IReadOnlyList<BrokerMessage> initial)
    {
        lock (subscription.Gate)
        {
            // Chat messages are recognised by conversation and stream id (ids repeat across
            // conversations); snapshot and event messages by their unique message id.
            HashSet<string>? sent = null;
            Dictionary<string, StreamId>? highWater = null;
            foreach (var message in initial)
            {
                if (message.ReplayKey is { } key && StreamId.TryParse(message.MessageId, out var id))
                {
                    highWater ??= new Dictionary<string, StreamId>(StringComparer.Ordinal);
                    if (!highWater.TryGetValue(key, out var max) || id > max)
                    {
                        highWater[key] = id;
                    }
                }
                else
                {
                    (sent ??= new HashSet<string>(StringComparer.Ordinal)).Add(message.MessageId);
                }

                DeliverNow(subscription, message);
            }

            subscription.ReplayHighWater = highWater;
            foreach (var message in subscription.Held!)
            {
                if (!IsReplayed(subscription, message) && (sent is null || !sent.Contains(message.MessageId)))
                {
                    DeliverNow(subscription, message);
                }
            }

            subscription.EndHold();
        }
    }

    private static bool IsReplayed(Subscription subscription, BrokerMessage message) =>
        subscription.ReplayHighWater is { } highWater
        && message.ReplayKey is { } key
        && highWater.TryGetValue(key, out var max)
        && StreamId.TryParse(message.MessageId, out var id)
        && id <= max;

    private bool Unsubscribe(StompFrame frame)
    {
        var id = frame[StompHeaderNames.Id] ?? (Version == StompVersion.V1_0 ? frame[StompHeaderNames.Destination] : null)
            ?? throw new StompProtocolException("UNSUBSCRIBE requires an 'id' header.");
        if (_subscriptions.TryGetValue(id, out var subscription))
        {
            RemoveSubscription(subscription);
        }

        return true;
    }

    private void RemoveSubscription(Subscription subscription)
    {
        _subscriptions.Remove(subscription.Id);
        if (subscription.Destination == Destinations.UserErrors)
        {
            Volatile.Write(ref _errorSubscriptions, [.. _errorSubscriptions.Where(s => s != subscription)]);
        }
        _services.Subscriptions.Remove(subscription);
        lock (_ackGate)
        {
            _acks.Forget(subscription);
        }
    }

    // ACK / NACK: id (1.2), message-id + subscription (1.1), message-id (1.0); transaction
    private bool Acknowledge(StompFrame frame)
    {
        string? ackId = null, messageId = null, subscriptionId = null;
        if (Version == StompVersion.V1_2)
        {
            ackId = Require(frame, StompHeaderNames.Id);
        }
        else
        {
            messageId = Require(frame, StompHeaderNames.MessageId);
            subscriptionId = frame[StompHeaderNames.Subscription];
        }

        if (frame.Command == StompCommand.Nack && Version == StompVersion.V1_0)
        {
            throw new StompProtocolException("NACK is not part of STOMP 1.0.");
        }

        if (frame[StompHeaderNames.Transaction] is { } transaction)
        {
            _transactions.Add(transaction, frame);
            return true;
        }

        Settle(ackId, messageId, subscriptionId, frame.Command);
        return true;
    }

    private void Settle(string? ackId, string? messageId, string? subscriptionId, StompCommand command)
    {
        List<Subscription>? opened;
        lock (_ackGate)
        {
            opened = _acks.Settle(ackId, messageId, subscriptionId);
        }

        if (opened is null)
        {
            throw new StompProtocolException($"{StompCommands.GetName(command)} for '{ackId ?? messageId}', which is not an unacknowledged message of this session.");
        }

        // A NACK on a topic has nowhere to send the message back to: it is dropped, like an ACK.
        foreach (var subscription in opened)
        {
            DrainBacklog(subscription);
        }
    }

    private bool Begin(StompFrame frame)
    {
        _transactions.Begin(Require(frame, StompHeaderNames.Transaction));
        return true;
    }

    private async Task<bool> CommitAsync(StompFrame frame)
    {
        foreach (var buffered in _transactions.Commit(Require(frame, StompHeaderNames.Transaction)))
        {
            buffered.Headers.Remove(StompHeaderNames.Transaction);
            if (buffered.Command == StompCommand.Send)
            {
                buffered.Headers.Remove(StompHeaderNames.Receipt);
                await SendAsync(buffered).ConfigureAwait(false);
            }
            else
            {
                Acknowledge(buffered);
            }
        }

        return true;
    }

    private bool Abort(StompFrame frame)
    {
        _transactions.Abort(Require(frame, StompHeaderNames.Transaction));
        return true;
    }

    private bool Disconnect(string? receipt)
    {
        // Either way a normal WebSocket close follows, so the client's close event says "normal" (1000).
        if (receipt is null)
        {
            _connection.Close();
        }
        else
        {
            _connection.SendControl(Receipt(receipt), closeAfter: true);
        }

        return true;
    }

    /// <summary>Hands a message to a subscription of this session; called from publishers on any thread.</summary>
    internal void Deliver(Subscription subscription, BrokerMessage message)
    {
        if (subscription.ReplayHighWater is not null && IsReplayed(subscription, message))
        {
            return;
        }

        if (subscription.AckMode == AckMode.Auto && !subscription.IsHolding)
        {
            Enqueue(subscription, message, ack: null);
            return;
        }

        lock (subscription.Gate)
        {
            if (subscription.IsHolding)
            {
                subscription.Held!.Add(message);
                return;
            }

            DeliverNow(subscription, message);
        }
    }

    /// <summary>Delivers respecting the ack window; the caller holds <see cref="Subscription.Gate"/> or the mode is auto.</summary>
    private void DeliverNow(Subscription subscription, BrokerMessage message)
    {
        if (subscription.AckMode == AckMode.Auto)
        {
            Enqueue(subscription, message, ack: null);
            return;
        }

        string ack;
        lock (_ackGate)
        {
            if (subscription.Unacked >= subscription.Prefetch || subscription.Backlog is { Count: > 0 })
            {
                var backlog = subscription.Backlog ??= new Queue<BrokerMessage>();
                if (backlog.Count >= _services.Options.Limits.OutboundQueueFrames)
                {
                    SlowConsumer();
                    return;
                }

                backlog.Enqueue(message);
                return;
            }

            subscription.Unacked++;
            ack = _acks.Add(subscription, message.MessageId);
        }

        Enqueue(subscription, message, ack);
    }

    private void DrainBacklog(Subscription subscription)
    {
        lock (subscription.Gate)
        {
            while (true)
            {
                BrokerMessage next;
                string ack;
                lock (_ackGate)
                {
                    if (subscription.Backlog is not { Count: > 0 } backlog || subscription.Unacked >= subscription.Prefetch)
                    {
                        return;
                    }

                    next = backlog.Dequeue();
                    subscription.Unacked++;
                    ack = _acks.Add(subscription, next.MessageId);
                }

                Enqueue(subscription, next, ack);
            }
        }
    }

    private void Enqueue(Subscription subscription, BrokerMessage message, string? ack)
    {
        if (_connection.IsClosing)
        {
            // The connection is going; its subscriptions are removed as soon as the read loop ends.
            _services.Metrics.Dropped("closing");
            return;
        }

        if (!_connection.Outbox.TryEnqueueData(OutboundFrame.ForMessage(message, subscription.Id, Version == StompVersion.V1_2 ? ack : null)))
        {
            SlowConsumer();
            return;
        }

        _services.Metrics.Delivered();
    }

    private void SlowConsumer()
    {
        if (!_connection.IsClosing)
        {
            _services.Metrics.Dropped("slow_consumer");
            ConnectionLog.Dropped(_services.ConnectionLogger, Id, "slow consumer");
            _connection.Fail("slow consumer");
        }
    }

    /// <summary>
    /// Sends a refusal to this session's <c>/user/queue/errors</c> subscriptions (not the user's other
    /// sessions: the error is about this session's frame), with <c>receipt-id</c> = the frame's receipt.
    /// Safe from any thread (a pipelined publish fails off the read loop).
    /// </summary>
    public void Refuse(Refusal refusal, string? receipt)
    {
        SessionLog.Refused(_services.SessionLogger, Id, refusal.Destination, refusal.Code);
        _services.Metrics.Dropped(refusal.Code);
        var body = JsonSerializer.SerializeToUtf8Bytes(new ErrorEvent(refusal.Code, refusal.Message, refusal.Destination), ChatJsonContext.Default.ErrorEvent);
        var extra = receipt is null ? null : new[] { new KeyValuePair<string, string>(StompHeaderNames.ReceiptId, receipt) };
        var message = new BrokerMessage(Destinations.UserErrors, MessageIds.NextTopicId(), "application/json", body, extra);
        foreach (var subscription in Volatile.Read(ref _errorSubscriptions))
        {
            subscription.Deliver(message);
        }
    }

    /// <summary>Ends the session: subscriptions, transactions and the user's count go; the chat layer hears of it once.</summary>
    internal async Task OnClosedAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        foreach (var subscription in _subscriptions.Values.ToArray())
        {
            _services.Subscriptions.Remove(subscription);
        }

        _subscriptions.Clear();
        Volatile.Write(ref _errorSubscriptions, []);
        _transactions.Clear();
        _sendLimiter?.Dispose();
        if (User is { } user)
        {
            _services.Connections.DetachUser(user.UserId);
            try
            {
                await _services.Chat.OnSessionClosedAsync(this).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                SessionLog.CloseHandlerFailed(_services.SessionLogger, Id, ex);
            }
        }
    }

    private static StompFrame Receipt(string receipt) => new StompFrame(StompCommand.Receipt).With(StompHeaderNames.ReceiptId, receipt);

    private static string Require(StompFrame frame, string header) =>
        frame[header] is { Length: > 0 } value
            ? value
            : throw new StompProtocolException($"{StompCommands.GetName(frame.Command)} requires a '{header}' header.");
}
