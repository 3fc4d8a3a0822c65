using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Reliability;

/// <summary>
/// A bare STOMP client over <see cref="ClientWebSocket"/> that reads only when told to (no background receive
/// loop): a test can make it stop reading, like a stalled browser tab, and it can send a WebSocket message in
/// fragments. Its TCP receive buffer can be made small so a client that stops reading backs the server up soon.
/// Small buffers throughout, so a thousand of them cost the test process little.
/// </summary>
internal sealed class RawStompSocket : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker _invoker;
    private readonly StompParser _parser = new(new StompParserOptions { MaxFrameBytes = 4 * 1024 * 1024 });
    private byte[] _pending = [];

    private RawStompSocket(ClientWebSocket socket, HttpMessageInvoker invoker)
    {
        _socket = socket;
        _invoker = invoker;
    }

    /// <summary>The close status the server sent, once a read saw its close.</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    /// <summary>The WebSocket's state.</summary>
    public WebSocketState State => _socket.State;

    /// <summary>Opens the WebSocket; <paramref name="tcpReceiveBuffer"/> sets the socket's SO_RCVBUF when given.</summary>
    public static async Task<RawStompSocket> OpenAsync(Uri uri, int? tcpReceiveBuffer = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                if (tcpReceiveBuffer is { } size)
                {
                    socket.ReceiveBufferSize = size;
                }

                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var invoker = new HttpMessageInvoker(handler);
        var ws = new ClientWebSocket();
        ws.Options.AddSubProtocol("v12.stomp");
        ws.Options.SetBuffer(1024, 1024);
        using var cts = new CancellationTokenSource(Timeout);
        await ws.ConnectAsync(uri, invoker, cts.Token);
        return new RawStompSocket(ws, invoker);
    }

    /// <summary>Sends CONNECT with the token as passcode and reads the answer.</summary>
    public async Task<StompFrame> ConnectAsync(string token)
    {
        await SendFrameAsync(new StompFrame(StompCommand.Connect).With("accept-version", "1.2").With("host", "localhost")
            .With("heart-beat", "0,0").With("login", "test").With("passcode", token));
        return await ReadFrameAsync();
    }

    /// <summary>Writes one frame in one WebSocket message.</summary>
    public Task SendFrameAsync(StompFrame frame)
    {
        var buffer = new ArrayBufferWriter<byte>();
        StompWriter.WriteFrame(buffer, frame, StompVersion.V1_2);
        return SendAsync(buffer.WrittenMemory, endOfMessage: true);
    }

    /// <summary>Sends bytes as one WebSocket frame; <paramref name="endOfMessage"/> false leaves the message open (a fragment).</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> bytes, bool endOfMessage, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await _socket.SendAsync(bytes, type, endOfMessage, cts.Token);
    }

    /// <summary>Sends text as one WebSocket message.</summary>
    public Task SendTextAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), endOfMessage: true);

    /// <summary>
    /// Reads until one frame is complete and returns it (heart-beats skipped). When the server closes, records
    /// <see cref="CloseStatus"/>, answers the close and throws <see cref="WebSocketException"/>.
    /// </summary>
    public async Task<StompFrame> ReadFrameAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        var chunk = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (true)
            {
                var buffer = new ReadOnlySequence<byte>(_pending);
                if (_parser.TryParseFrame(ref buffer, out var frame))
                {
                    _pending = buffer.ToArray();
                    return frame;
                }

                var result = await _socket.ReceiveAsync(chunk.AsMemory(), cts.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseStatus = _socket.CloseStatus;
                    await AnswerCloseAsync();
                    throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, $"closed by the server: {CloseStatus}");
                }

                _pending = [.. _pending, .. chunk.AsSpan(0, result.Count)];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>Reads frames until the server's close and returns its status (frames before it are returned too).</summary>
    public async Task<(List<StompFrame> Frames, WebSocketCloseStatus? Status)> ReadUntilCloseAsync(TimeSpan? timeout = null)
    {
        var frames = new List<StompFrame>();
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException("The server did not close in time.");
            }

            try
            {
                frames.Add(await ReadFrameAsync(left));
            }
            catch (WebSocketException) when (CloseStatus is not null)
            {
                return (frames, CloseStatus);
            }
        }
    }

    /// <summary>Sends DISCONNECT with a receipt and waits for the RECEIPT and the close.</summary>
    public async Task DisconnectAsync()
    {
        await SendFrameAsync(new StompFrame(StompCommand.Disconnect).With("receipt", "bye"));
        var (frames, _) = await ReadUntilCloseAsync();
        if (!frames.Exists(f => f.Command == StompCommand.Receipt && f["receipt-id"] == "bye"))
        {
            throw new InvalidOperationException("No RECEIPT for DISCONNECT.");
        }
    }

    /// <summary>A client-initiated close handshake.</summary>
    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var cts = new CancellationTokenSource(Timeout);
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Drops the connection without a close handshake, as a lost network would.</summary>
    public void Abort() => _socket.Abort();

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        _invoker.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task AnswerCloseAsync()
    {
        if (_socket.State == WebSocketState.CloseReceived)
        {
            using var cts = new CancellationTokenSource(Timeout);
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }
    }
}
