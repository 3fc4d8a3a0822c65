using System.Buffers;
using System.Net.WebSockets;
using System.Text.Unicode;
using CustomerChat.Broker.Observability;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// The write side of one <see cref="StompConnection"/>: drains its <see cref="Outbox"/> (control lane first), encodes
/// up to 32 KiB of frames into one WebSocket message, text unless a frame's bytes are not UTF-8, and sends it, straight
/// to the socket (<see cref="DirectSocketSender"/>) where that is safe, else through the <see cref="WebSocket"/>. After
/// an item marked close-after it sends the WebSocket close with the connection's <see cref="StompConnection.CloseStatus"/>.
/// </summary>
internal sealed class ConnectionWriter : IDisposable
{
    private const int MaxBatchBytes = 32 * 1024;

    private readonly StompConnection _connection;
    private readonly WebSocket _socket;
    private readonly DirectSocketSender? _direct;
    private readonly BrokerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly PooledBufferWriter _buffer;
    private long _lastWriteTicks;
    private volatile bool _peerSpoke;

    /// <summary>A writer for <paramref name="connection"/>'s <paramref name="socket"/>, sending through <paramref name="direct"/> when given.</summary>
    public ConnectionWriter(StompConnection connection, WebSocket socket, DirectSocketSender? direct, BrokerMetrics metrics, TimeProvider time)
    {
        _connection = connection;
        _socket = socket;
        _direct = direct;
        _metrics = metrics;
        _time = time;
        _buffer = new PooledBufferWriter(direct is null ? 0 : WebSocketFrameHeader.MaxLength);
        _lastWriteTicks = time.GetTimestamp();
    }

    /// <summary>The clock's timestamp of the last bytes written.</summary>
    public long LastWriteTicks => Interlocked.Read(ref _lastWriteTicks);

    /// <summary>Whether frames go straight to the TCP socket (once the peer has sent its first bytes).</summary>
    public bool WritesStraightToSocket => _direct is not null;

    /// <summary>
    /// The peer sent its first bytes: it has the 101 response, so frames may now bypass Kestrel's pipe without
    /// overtaking it. Until then every frame goes through the WebSocket (the broker has nothing to say before CONNECT,
    /// save an ERROR at shutdown).
    /// </summary>
    public void PeerSpoke() => _peerSpoke = true;

    /// <summary>
    /// Writes until the outbox is completed and drained, or a close-after item was written. <paramref name="token"/>
    /// aborts the socket (and the connection, for a direct writer), which fails a send blocked on a peer that stopped
    /// reading; the task then ends with <see cref="OperationCanceledException"/>, <see cref="WebSocketException"/> or
    /// <see cref="IOException"/>.
    /// </summary>
    public async Task RunAsync(CancellationToken token)
    {
        // Sends take no token: a cancelable one sends ManagedWebSocket down its slower path (a registration and an
        // async state machine per message). Cancelling a send aborts the socket anyway, so abort it directly.
        using var abortOnCancel = token.UnsafeRegister(static state =>
        {
            var writer = (ConnectionWriter)state!;
            writer._socket.Abort();
            writer._direct?.Abort();
        }, this);
        var outbox = _connection.Outbox;
        while (await outbox.WaitAsync(token).ConfigureAwait(false))
        {
            var closeAfter = false;
            var binary = false;
            while (_buffer.WrittenCount < MaxBatchBytes && outbox.TryDequeue(out var item))
            {
                var start = _buffer.WrittenCount;
                Write(item);

                // A MESSAGE's own lines are UTF-8 by construction; its body is checked once per publish, not per delivery.
                binary |= item.Message is { } message ? !message.IsUtf8Body : !Utf8.IsValid(_buffer.WrittenMemory.Span[start..]);
                if (item.CloseAfter)
                {
                    closeAfter = true;
                    break;
                }
            }

            if (_buffer.WrittenCount > 0)
            {
                // A frame whose bytes are not UTF-8 (a binary body) must not travel in a text message.
                var type = binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
                if (_direct is { } direct && _peerSpoke)
                {
                    await direct.SendAsync(_buffer, type).ConfigureAwait(false);
                }
                else
                {
                    await _socket.SendAsync(_buffer.WrittenMemory, type, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                }

                Interlocked.Exchange(ref _lastWriteTicks, _time.GetTimestamp());
                _buffer.Reset();
            }

            outbox.Written();

            if (closeAfter)
            {
                var status = _connection.CloseStatus;
                await _socket.CloseOutputAsync(status, status == WebSocketCloseStatus.MessageTooBig ? "message too big" : null, token).ConfigureAwait(false);
                return;
            }

            if (outbox.QueuedBytes == 0)
            {
                _buffer.Release();
            }
        }
    }

    /// <summary>Gives the write buffer back to the pool.</summary>
    public void Dispose() => _buffer.Dispose();

    private void Write(in OutboundFrame item)
    {
        var version = _connection.Session.Version;
        if (item.Message is { } message)
        {
            StompWriter.WriteMessage(_buffer, item.Subscription!, item.Ack, message.GetEncodedTail(version), version);
            _metrics.FrameSent(StompCommand.Message);
        }
        else if (item.Frame is { } frame)
        {
            StompWriter.WriteFrame(_buffer, frame, version);
            _metrics.FrameSent(frame.Command);
        }
        else if (!item.CloseAfter)
        {
            _buffer.Write(StompWriter.Heartbeat);
            _metrics.HeartbeatSent();
        }
    }
}
