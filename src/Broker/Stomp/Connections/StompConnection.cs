using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;
using CustomerChat.Broker.Observability;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// One WebSocket carrying one STOMP session: a read loop (zero-byte read while idle, then the bytes go
/// into a <see cref="Pipe"/> from <see cref="ReadPipePool"/> and <see cref="StompParser"/> takes frames off it, so a frame may span WebSocket
/// messages and a message may hold several frames) and one <see cref="ConnectionWriter"/> draining the <see cref="Outbox"/>.
/// Frames are handled one at a time, in arrival order.
/// </summary>
public sealed class StompConnection
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private readonly WebSocket _socket;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();
    private readonly ConnectionWriter _writer;
    private readonly BrokerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly int _maxMessageBytes;
    private int _failed;
    private long _lastReadTicks;

    internal StompConnection(WebSocket socket, ConnectionContext context, StompServices services, DirectSocketSender? direct = null)
    {
        _socket = socket;
        Context = context;
        _logger = services.ConnectionLogger;
        _metrics = services.Metrics;
        var limits = services.Options.Limits;
        _maxMessageBytes = limits.EffectiveMaxWebSocketMessageBytes;
        _time = services.Time;
        Outbox = new Outbox(limits.OutboundQueueFrames, limits.OutboundQueueBytes, _time, limits.SlowConsumerTimeout);
        Parser = new StompParser(new StompParserOptions
        {
            MaxFrameBytes = limits.MaxFrameBytes,
            MaxHeaders = limits.MaxHeaders,
            MaxHeaderLineBytes = limits.MaxHeaderLineBytes,
        });
        OpenedAt = _time.GetTimestamp();
        _lastReadTicks = OpenedAt;
        Session = new StompSession(this, services);
        _writer = new ConnectionWriter(this, socket, direct, _metrics, _time);
    }

    /// <summary>What the upgrade request told us: id, address, sub-protocol, URL token.</summary>
    public ConnectionContext Context { get; }

    /// <summary>The STOMP session on this connection.</summary>
    public StompSession Session { get; }

    internal Outbox Outbox { get; }

    internal StompParser Parser { get; }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> of the broker's clock when the WebSocket was accepted.</summary>
    public long OpenedAt { get; }

    /// <summary>The clock's timestamp of the last bytes received (frames or heart-beats).</summary>
    public long LastReadTicks => Interlocked.Read(ref _lastReadTicks);

    /// <summary>The clock's timestamp of the last bytes written.</summary>
    public long LastWriteTicks => _writer.LastWriteTicks;

    /// <summary>
    /// Whether outgoing frames go straight to the TCP socket (<see cref="DirectSocketSender"/>) rather than through the
    /// WebSocket and Kestrel's response pipe.
    /// </summary>
    public bool WritesStraightToSocket => _writer.WritesStraightToSocket;

    /// <summary>Whether the connection is failing or closed.</summary>
    public bool IsClosing => Volatile.Read(ref _failed) != 0;

    /// <summary>The WebSocket close status the broker's close carries (1000 unless a failure said otherwise).</summary>
    internal WebSocketCloseStatus CloseStatus { get; private set; } = WebSocketCloseStatus.NormalClosure;

    /// <summary>The reason given when the connection was closed by the broker, or null.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>Runs until the socket closes. Never throws for network faults.</summary>
    internal async Task RunAsync()
    {
        var writer = _writer.RunAsync(_abort.Token);
        try
        {
            await ReadLoopAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            CloseReason ??= "transport closed";
        }
        catch (Exception ex)
        {
            ConnectionLog.UnexpectedError(_logger, Context.ConnectionId, ex);
            Fail("internal error");
        }
        finally
        {
            // From here on deliveries are dropped quietly, not reported as a slow consumer.
            Interlocked.Exchange(ref _failed, 1);
            Outbox.Complete();
            _abort.CancelAfter(CloseGrace);
            try
            {
                await writer.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
                // The peer went away while we were writing: nothing left to tell it.
            }
            catch (Exception ex)
            {
                ConnectionLog.UnexpectedError(_logger, Context.ConnectionId, ex);
            }

            if (_socket.State == WebSocketState.CloseReceived)
            {
                // Answer the client's close handshake so its close event says "normal".
                try
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, _abort.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
                {
                }
            }

            if (_socket.State is not (WebSocketState.Closed or WebSocketState.Aborted or WebSocketState.CloseSent))
            {
                _socket.Abort();
            }

            _writer.Dispose();
            await Session.OnClosedAsync().ConfigureAwait(false);
            if (_socket.State == WebSocketState.CloseSent)
            {
                await AwaitPeerCloseAsync().ConfigureAwait(false);
            }

            _socket.Dispose();
            _abort.Dispose();
        }
    }

    /// <summary>
    /// Ends the session with an ERROR frame (STOMP 1.2 §"ERROR"): <c>message</c> = <paramref name="message"/>,
    /// and <c>receipt-id</c> when the offending frame asked for a receipt. The connection closes once it is written,
    /// or after a grace period if the peer does not read. Safe from any thread; only the first call counts.
    /// The WebSocket close that follows carries <paramref name="closeStatus"/> (1000 unless told otherwise).
    /// </summary>
    public void Fail(string message, string? receiptId = null, string? details = null, WebSocketCloseStatus closeStatus = WebSocketCloseStatus.NormalClosure) =>
        TryFail(message, receiptId, details, closeStatus);

    /// <summary>As <see cref="Fail"/>; true for the one call that ends the session, false when it was already closing.</summary>
    internal bool TryFail(string message, string? receiptId = null, string? details = null, WebSocketCloseStatus closeStatus = WebSocketCloseStatus.NormalClosure)
    {
        if (Interlocked.Exchange(ref _failed, 1) != 0)
        {
            return false;
        }

        CloseReason = message;
        CloseStatus = closeStatus;
        var error = new StompFrame(StompCommand.Error);
        if (receiptId is not null)
        {
            error.With(StompHeaderNames.ReceiptId, receiptId);
        }

        error.With(StompHeaderNames.Message, message);
        if (details is not null)
        {
            error.With(StompHeaderNames.ContentType, "text/plain");
            error.Body = System.Text.Encoding.UTF8.GetBytes(details);
        }

        Outbox.EnqueueControl(OutboundFrame.ForFrame(error, closeAfter: true));
        _abort.CancelAfter(CloseGrace);
        return true;
    }

    /// <summary>Queues a frame on the control lane (CONNECTED, RECEIPT); <paramref name="closeAfter"/> closes after it.</summary>
    internal void SendControl(StompFrame frame, bool closeAfter = false)
    {
        if (closeAfter)
        {
            Interlocked.Exchange(ref _failed, 1);
            CloseReason ??= "client disconnected";
            _abort.CancelAfter(CloseGrace);
        }

        Outbox.EnqueueControl(OutboundFrame.ForFrame(frame, closeAfter));
    }

    /// <summary>Closes normally once the control lane is written, with no frame of its own (DISCONNECT without receipt).</summary>
    internal void Close()
    {
        Interlocked.Exchange(ref _failed, 1);
        CloseReason ??= "client disconnected";
        _abort.CancelAfter(CloseGrace);
        Outbox.EnqueueControl(OutboundFrame.CloseOnly);
    }

    /// <summary>Queues a heart-beat EOL (STOMP 1.2 §"Heart-beating").</summary>
    internal void SendHeartbeat() => Outbox.EnqueueControl(OutboundFrame.Heartbeat);

    /// <summary>Aborts the socket at once, without a close handshake.</summary>
    internal void Abort()
    {
        Interlocked.Exchange(ref _failed, 1);
        _abort.Cancel();
    }

    /// <summary>
    /// After our close (ERROR, DISCONNECT): reads and discards until the peer's close arrives or the grace runs out.
    /// Aborting at once would reset the TCP connection (ASP.NET Core aborts the request), and a reset can destroy
    /// the last frames, the ERROR among them, before the client has read them.
    /// </summary>
    private async Task AwaitPeerCloseAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1024);
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), _abort.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The peer never answered within the grace, or went away: nothing more to wait for.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ReadLoopAsync()
    {
        Pipe? pipe = null; // held only while part of a frame is waiting for more bytes
        var token = _abort.Token;
        long messageBytes = 0; // bytes of the WebSocket message being read, across its fragments and reads
        while (!IsClosing)
        {
            // Wait for data without holding a buffer: an idle connection costs no read memory.
            var probe = await _socket.ReceiveAsync(Memory<byte>.Empty, token).ConfigureAwait(false);
            if (probe.MessageType == WebSocketMessageType.Close)
            {
                CloseReason ??= "client closed";
                return;
            }

            if (probe.EndOfMessage)
            {
                messageBytes = 0; // an empty final fragment ended the message
            }

            // Take in at most one byte past MaxWebSocketMessageBytes: enough to know the limit is passed.
            pipe ??= ReadPipePool.Rent();
            var memory = pipe.Writer.GetMemory(4096);
            var room = _maxMessageBytes - messageBytes + 1;
            if (memory.Length > room)
            {
                memory = memory[..(int)room];
            }

            var result = await _socket.ReceiveAsync(memory, token).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                CloseReason ??= "client closed";
                return;
            }

            messageBytes += result.Count;
            if (messageBytes > _maxMessageBytes)
            {
                // Nothing of the oversized message past the limit is parsed; the client learns why (ERROR) and
                // the close says 1009 (RFC 6455 §7.4.1 "message too big").
                ConnectionLog.Dropped(_logger, Context.ConnectionId, CloseReasons.MessageTooBigPrefix);
                Fail($"{CloseReasons.MessageTooBigPrefix}: the limit is {_maxMessageBytes} bytes.", closeStatus: WebSocketCloseStatus.MessageTooBig);
                return;
            }

            if (result.EndOfMessage)
            {
                messageBytes = 0;
            }

            Interlocked.Exchange(ref _lastReadTicks, _time.GetTimestamp());
            _writer.PeerSpoke();
            pipe.Writer.Advance(result.Count);
            await pipe.Writer.FlushAsync(token).ConfigureAwait(false);
            pipe.Reader.TryRead(out var read);
            var buffer = read.Buffer;
            try
            {
                while (!IsClosing && Parser.TryParseFrame(ref buffer, out var frame))
                {
                    _metrics.FrameReceived(frame.Command);
                    await Session.HandleFrameAsync(frame).ConfigureAwait(false);
                }
            }
            catch (StompProtocolException ex)
            {
                ConnectionLog.ProtocolError(_logger, Context.ConnectionId, ex.Message);
                Fail(ex.Message);
                return;
            }

            pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
            if (buffer.IsEmpty)
            {
                ReadPipePool.Return(pipe);
                pipe = null;
            }
        }
    }
}
