using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Infrastructure;

/// <summary>
/// A raw STOMP client over a real <see cref="ClientWebSocket"/>, using the project's own codec: every
/// received frame lands in a queue that tests read with a timeout; heart-beats are counted apart.
/// </summary>
public sealed class StompTestClient : IAsyncDisposable
{
    /// <summary>The default wait for anything the broker should send.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket;
    private readonly Channel<StompFrame> _frames = Channel.CreateUnbounded<StompFrame>();
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly StompParser _parser = new(new StompParserOptions { MaxFrameBytes = 16 * 1024 * 1024 });
    private int _heartbeats;
    private int _receipts;

    private StompTestClient(ClientWebSocket socket) => _socket = socket;

    /// <summary>The sub-protocol the server chose, or null.</summary>
    public string? SubProtocol => _socket.SubProtocol;

    /// <summary>Heart-beat EOLs received so far.</summary>
    public int HeartbeatsReceived => Volatile.Read(ref _heartbeats);

    /// <summary>Completes when the server closes the socket (or it breaks), with the close status.</summary>
    public Task<WebSocketCloseStatus?> Closed => _closed.Task;

    /// <summary>
    /// Opens the WebSocket, offering <paramref name="subProtocols"/> (default v12, v11, v10); <paramref name="configure"/>
    /// may set other client options (keep-alive pings, buffers).
    /// </summary>
    public static async Task<StompTestClient> OpenAsync(Uri uri, string[]? subProtocols = null, string? origin = null, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        foreach (var p in subProtocols ?? ["v12.stomp", "v11.stomp", "v10.stomp"])
        {
            socket.Options.AddSubProtocol(p);
        }

        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        using var cts = new CancellationTokenSource(Timeout);
        await socket.ConnectAsync(uri, cts.Token);
        var client = new StompTestClient(socket);
        _ = client.ReceiveLoopAsync();
        return client;
    }

    /// <summary>Sends CONNECT with the token as passcode and returns the answer (CONNECTED or ERROR).</summary>
    public async Task<StompFrame> ConnectAsync(string? token, string heartbeat = "0,0", string? acceptVersion = "1.2", params (string Name, string Value)[] extra)
    {
        var frame = new StompFrame(StompCommand.Connect).With("host", "localhost").With("heart-beat", heartbeat);
        if (acceptVersion is not null)
        {
            frame.With("accept-version", acceptVersion);
        }

        if (token is not null)
        {
            frame.With("login", "test").With("passcode", token);
        }

        foreach (var (name, value) in extra)
        {
            frame.With(name, value);
        }

        await SendAsync(frame);
        return await ReceiveAsync();
    }

    /// <summary>Writes a frame with the project's writer (1.2 escaping unless told otherwise).</summary>
    public Task SendAsync(StompFrame frame, StompVersion version = StompVersion.V1_2)
    {
        var buffer = new ArrayBufferWriter<byte>();
        StompWriter.WriteFrame(buffer, frame, version);
        return SendRawAsync(buffer.WrittenMemory);
    }

    /// <summary>Sends bytes as they are, in one WebSocket message.</summary>
    public Task SendRawAsync(string text) => SendRawAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Sends bytes as they are, in one WebSocket message.</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        await _sendLock.WaitAsync();
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            await _socket.SendAsync(bytes, type, endOfMessage: true, cts.Token);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>SUBSCRIBE; waits for its RECEIPT so the subscription is in place when this returns.</summary>
    public async Task SubscribeAsync(string destination, string id, params (string Name, string Value)[] headers)
    {
        var frame = new StompFrame(StompCommand.Subscribe).With("destination", destination).With("id", id);
        foreach (var (name, value) in headers)
        {
            frame.With(name, value);
        }

        await SendWithReceiptAsync(frame);
    }

    /// <summary>SEND with a text body.</summary>
    public Task SendTextAsync(string destination, string body, string contentType = "text/plain", params (string Name, string Value)[] headers)
    {
        var frame = new StompFrame(StompCommand.Send, new StompHeaders(), Encoding.UTF8.GetBytes(body))
            .With("destination", destination).With("content-type", contentType);
        foreach (var (name, value) in headers)
        {
            frame.With(name, value);
        }

        return SendAsync(frame);
    }

    /// <summary>SEND of a JSON body.</summary>
    public Task SendJsonAsync(string destination, object body, params (string Name, string Value)[] headers) =>
        SendTextAsync(destination, JsonSerializer.Serialize(body, BrokerHost.JsonOptions), "application/json", headers);

    /// <summary>Adds a fresh <c>receipt</c>, sends, and waits for the RECEIPT (fails on ERROR or timeout).</summary>
    public async Task SendWithReceiptAsync(StompFrame frame)
    {
        var receipt = NextReceiptId();
        frame.With("receipt", receipt);
        await SendAsync(frame);
        await ExpectReceiptAsync(receipt);
    }

    /// <summary>A new receipt id.</summary>
    public string NextReceiptId() => "r-" + Interlocked.Increment(ref _receipts);

    /// <summary>Waits for RECEIPT with <paramref name="receiptId"/>; MESSAGE frames before it stay queued for later reads.</summary>
    public async Task ExpectReceiptAsync(string receiptId)
    {
        var skipped = new List<StompFrame>();
        try
        {
            while (true)
            {
                var frame = await ReceiveAsync();
                if (frame.Command == StompCommand.Receipt && frame["receipt-id"] == receiptId)
                {
                    return;
                }

                if (frame.Command == StompCommand.Error)
                {
                    Assert.Fail($"ERROR instead of RECEIPT {receiptId}: {frame["message"]}");
                }

                skipped.Add(frame);
            }
        }
        finally
        {
            _pushedBack.InsertRange(0, skipped);
        }
    }

    private readonly List<StompFrame> _pushedBack = [];

    /// <summary>The next frame (not heart-beat), or fails after <paramref name="timeout"/>.</summary>
    public async Task<StompFrame> ReceiveAsync(TimeSpan? timeout = null)
    {
        if (_pushedBack.Count > 0)
        {
            var first = _pushedBack[0];
            _pushedBack.RemoveAt(0);
            return first;
        }

        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        try
        {
            return await _frames.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No frame within {(timeout ?? Timeout).TotalSeconds} s.");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The connection closed before the expected frame arrived.");
        }
    }

    /// <summary>The next MESSAGE on <paramref name="subscription"/>, skipping nothing: any other frame fails the test.</summary>
    public async Task<StompFrame> ReceiveMessageAsync(string? subscription = null, TimeSpan? timeout = null)
    {
        var frame = await ReceiveAsync(timeout);
        Assert.True(frame.Command == StompCommand.Message, $"Expected MESSAGE, got {frame.Command}: {frame["message"]} {BodyText(frame)}");
        if (subscription is not null)
        {
            Assert.Equal(subscription, frame["subscription"]);
        }

        return frame;
    }

    /// <summary>Reads frames until one matches, for streams where order between subscriptions is free.</summary>
    public async Task<StompFrame> ReceiveUntilAsync(Func<StompFrame, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException("No matching frame in time.");
            }

            var frame = await ReceiveAsync(left);
            if (match(frame))
            {
                return frame;
            }
        }
    }

    /// <summary>Waits until the next frame is an ERROR and returns it.</summary>
    public async Task<StompFrame> ExpectErrorAsync(TimeSpan? timeout = null)
    {
        var frame = await ReceiveUntilAsync(f => f.Command == StompCommand.Error, timeout);
        return frame;
    }

    /// <summary>Waits for the server to close the socket.</summary>
    public async Task<WebSocketCloseStatus?> WaitForCloseAsync(TimeSpan? timeout = null) =>
        await Closed.WaitAsync(timeout ?? Timeout);

    /// <summary>Asserts nothing but heart-beats arrives before a RECEIPT for a probe frame (a fence, not a sleep).</summary>
    public async Task AssertNothingPendingAsync()
    {
        var receipt = NextReceiptId();
        await SendAsync(new StompFrame(StompCommand.Begin).With("transaction", "fence-" + receipt).With("receipt", receipt));
        var frame = await ReceiveAsync();
        Assert.True(frame.Command == StompCommand.Receipt && frame["receipt-id"] == receipt, $"Unexpected {frame.Command} before the fence: {BodyText(frame)}");
        await SendAsync(new StompFrame(StompCommand.Abort).With("transaction", "fence-" + receipt));
    }

    /// <summary>The body as UTF-8 text.</summary>
    public static string BodyText(StompFrame frame) => Encoding.UTF8.GetString(frame.Body.Span);

    /// <summary>The body parsed as JSON.</summary>
    public static JsonElement BodyJson(StompFrame frame) => JsonDocument.Parse(frame.Body).RootElement.Clone();

    /// <summary>Closes the WebSocket without DISCONNECT.</summary>
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

    /// <summary>Aborts the socket abruptly, as a dropped network would.</summary>
    public void Abort() => _socket.Abort();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var pending = new byte[0];
        var chunk = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(chunk, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closed.TrySetResult(result.CloseStatus);

                    // Complete the close handshake, as a well-behaved client does, so the server is not left waiting.
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        using var cts = new CancellationTokenSource(Timeout);
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
                    }

                    break;
                }

                pending = [.. pending, .. chunk.AsSpan(0, result.Count)];
                var buffer = new ReadOnlySequence<byte>(pending);
                while (true)
                {
                    var before = buffer.Length;
                    var start = buffer;
                    var parsed = _parser.TryParseFrame(ref buffer, out var frame);
                    // EOLs skipped before a frame (or at the end) are heart-beats.
                    var skipped = parsed ? 0 : (int)(start.Length - buffer.Length);
                    Interlocked.Add(ref _heartbeats, skipped);
                    if (!parsed)
                    {
                        break;
                    }

                    _frames.Writer.TryWrite(frame);
                }

                pending = buffer.ToArray();
            }
        }
        catch (Exception)
        {
            _closed.TrySetResult(null);
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }
}
