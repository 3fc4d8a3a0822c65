using CustomerChat.Broker.Identity;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// The STOMP session of one connection (STOMP 1.2 §"Client Frames"): CONNECT (<see cref="StompHandshake"/>),
/// then SEND (<see cref="SessionSender"/>), SUBSCRIBE, UNSUBSCRIBE, ACK and NACK (<see cref="SessionSubscriptions"/>),
/// BEGIN, COMMIT, ABORT and DISCONNECT, each answered with a RECEIPT when it asks for one. Protocol faults end
/// the session with ERROR; refusals by the application's policy or handlers go to the error queue and the
/// session goes on (docs/protocol.md §7). The session knows destinations only through the
/// <see cref="DestinationTable"/>: what a destination means belongs to the application.
/// Frames are handled on the connection's read loop, one at a time; deliveries arrive from any thread.
/// </summary>
public sealed class StompSession : ISubscriptionSink
{
    private readonly Transactions _transactions = new();
    private readonly SessionSubscriptions _subscriptions;
    private readonly SessionSender _sender;
    private int _closed;

    internal StompSession(StompConnection connection, StompServices services)
    {
        Connection = connection;
        Services = services;
        _subscriptions = new SessionSubscriptions(this);
        _sender = new SessionSender(this);
    }

    /// <summary>The connection id, also the CONNECTED <c>session</c> header.</summary>
    public string Id => Connection.Context.ConnectionId;

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
    public StompConnection Connection { get; }

    internal StompServices Services { get; }

    AckLedger ISubscriptionSink.Acks => _subscriptions.Acks;

    int ISubscriptionSink.BacklogLimit => Services.Options.Limits.OutboundQueueFrames;

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
                    await StompHandshake.ConnectAsync(this, frame).ConfigureAwait(false);
                    return;
                }

                throw new StompProtocolException($"{StompCommands.GetName(frame.Command)} before CONNECT: send CONNECT first.");
            }

            var done = frame.Command switch
            {
                StompCommand.Send => await SendAsync(frame).ConfigureAwait(false),
                StompCommand.Subscribe => await _subscriptions.SubscribeAsync(frame).ConfigureAwait(false),
                StompCommand.Unsubscribe => Run(_subscriptions.Unsubscribe, frame),
                StompCommand.Ack or StompCommand.Nack => Acknowledge(frame),
                StompCommand.Begin => Run(f => _transactions.Begin(Require(f, StompHeaderNames.Transaction)), frame),
                StompCommand.Commit => await CommitAsync(frame).ConfigureAwait(false),
                StompCommand.Abort => Run(f => _transactions.Abort(Require(f, StompHeaderNames.Transaction)), frame),
                StompCommand.Disconnect => Disconnect(receipt),
                StompCommand.Connect or StompCommand.Stomp => throw new StompProtocolException("Already connected."),
                _ => throw new StompProtocolException($"{StompCommands.GetName(frame.Command)} is a server frame; a client may not send it."),
            };

            if (done && receipt is not null && frame.Command != StompCommand.Disconnect)
            {
                Connection.SendControl(Receipt(receipt));
            }
        }
        catch (StompProtocolException ex)
        {
            SessionLog.ProtocolError(Services.SessionLogger, Id, ex.Message);
            Connection.Fail(ex.Message, receipt);
        }
    }

    /// <summary>Records the outcome of CONNECT (called once, by <see cref="StompHandshake"/>).</summary>
    internal void Accept(UserIdentity user, StompVersion version, TimeSpan heartbeatSend, TimeSpan heartbeatReceive)
    {
        (HeartbeatSend, HeartbeatReceive) = (heartbeatSend, heartbeatReceive);
        Version = version;
        Connection.Parser.Version = version;
        User = user;
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

        if (await _sender.SendAsync(destination, frame).ConfigureAwait(false) is not { } refusal)
        {
            return true;
        }

        Refuse(refusal, frame[StompHeaderNames.Receipt]);
        return false;
    }

    private bool Acknowledge(StompFrame frame)
    {
        Require(frame, Version == StompVersion.V1_2 ? StompHeaderNames.Id : StompHeaderNames.MessageId);
        if (frame.Command == StompCommand.Nack && Version == StompVersion.V1_0)
        {
            throw new StompProtocolException("NACK is not part of STOMP 1.0.");
        }

        if (frame[StompHeaderNames.Transaction] is { } transaction)
        {
            _transactions.Add(transaction, frame);
            return true;
        }

        _subscriptions.Settle(frame);
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

    private bool Disconnect(string? receipt)
    {
        // Either way a normal WebSocket close follows, so the client's close event says "normal" (1000).
        if (receipt is null)
        {
            Connection.Close();
        }
        else
        {
            Connection.SendControl(Receipt(receipt), closeAfter: true);
        }

        return true;
    }

    /// <summary>
    /// Sends a refusal to this session's error-queue subscriptions (not the user's other sessions: the error
    /// is about this session's frame), with <c>receipt-id</c> = the frame's receipt. Safe from any thread.
    /// </summary>
    public void Refuse(Refusal refusal, string? receipt)
    {
        SessionLog.Refused(Services.SessionLogger, Id, refusal.Destination, refusal.Code);
        Services.Metrics.Dropped(refusal.Code);
        var subscriptions = _subscriptions.ErrorSubscriptions;
        if (subscriptions.Length == 0)
        {
            return;
        }

        var message = Services.Destinations.Refusals.Encode(refusal, receipt);
        foreach (var subscription in subscriptions)
        {
            subscription.Deliver(message);
        }
    }

    /// <inheritdoc />
    void ISubscriptionSink.Write(Subscription subscription, BrokerMessage message, string? ack)
    {
        if (Connection.IsClosing)
        {
            // The connection is going; its subscriptions are removed as soon as the read loop ends.
            Services.Metrics.Dropped("closing");
            return;
        }

        if (!Connection.Outbox.TryEnqueueData(OutboundFrame.ForMessage(message, subscription.Id, Version == StompVersion.V1_2 ? ack : null)))
        {
            ((ISubscriptionSink)this).Overflow();
            return;
        }

        Services.Metrics.Delivered();
    }

    /// <inheritdoc />
    void ISubscriptionSink.Overflow() => DropSlowConsumer();

    /// <summary>
    /// Drops the connection as a slow consumer (docs/protocol.md §2): ERROR <c>slow consumer</c>, one
    /// <c>drops{reason=slow_consumer}</c> and one log line, however many threads find it at once. Called when a delivery
    /// passes a hard cap or the outbox is stalled past <c>SlowConsumerTimeout</c>, and by the heart-beat monitor.
    /// </summary>
    internal void DropSlowConsumer()
    {
        if (!Connection.IsClosing && Connection.TryFail("slow consumer"))
        {
            Services.Metrics.Dropped("slow_consumer");
            ConnectionLog.Dropped(Services.ConnectionLogger, Id, "slow consumer");
        }
    }

    /// <summary>Ends the session: subscriptions, transactions and the user's count go; observers hear of it once.</summary>
    internal async Task OnClosedAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _subscriptions.Clear();
        var dropped = _transactions.Clear();
        if (dropped > 0)
        {
            // Aborted, never committed: their SEND and ACK frames take no effect (STOMP 1.2 §"BEGIN").
            SessionLog.TransactionsDropped(Services.SessionLogger, Id, dropped);
            Services.Metrics.Dropped("transaction_aborted", dropped);
        }

        _sender.Dispose();
        if (User is { } user)
        {
            Services.Connections.DetachUser(user.UserId);
            foreach (var observer in Services.Observers)
            {
                try
                {
                    await observer.OnSessionClosedAsync(this).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    SessionLog.ObserverFailed(Services.SessionLogger, Id, ex);
                }
            }
        }
    }

    /// <summary>The value of a required header, or a protocol error naming it.</summary>
    internal static string Require(StompFrame frame, string header) =>
        frame[header] is { Length: > 0 } value
            ? value
            : throw new StompProtocolException($"{StompCommands.GetName(frame.Command)} requires a '{header}' header.");

    private static bool Run(Action<StompFrame> action, StompFrame frame)
    {
        action(frame);
        return true;
    }

    private static StompFrame Receipt(string receipt) => new StompFrame(StompCommand.Receipt).With(StompHeaderNames.ReceiptId, receipt);
}
