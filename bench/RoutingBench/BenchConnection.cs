using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CustomerChat.Protocol;

namespace CustomerChat.RoutingBench;

/// <summary>
/// One STOMP 1.2 session over a WebSocket, as a page opens it (CONNECT with the bearer token as passcode). Each
/// MESSAGE is handed, with the <see cref="Stopwatch"/> timestamp taken when its bytes arrived, to
/// <see cref="OnMessage"/> on the receive loop.
/// </summary>
internal sealed class BenchConnection : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ClientWebSocket _socket = new();
    private readonly StompParser _parser = new(new StompParserOptions { MaxFrameBytes = 4 * 1024 * 1024 });
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _receipts = new();
    private readonly TaskCompletionSource<StompFrame> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _receiptCounter;
    private Task? _loop;

    private BenchConnection(string userId) => UserId = userId;

    /// <summary>The user id of the token.</summary>
    public string UserId { get; }

    /// <summary>Called for every MESSAGE: subscription id, JSON body, arrival timestamp.</summary>
    public Action<BenchConnection, string, JsonElement, long>? OnMessage { get; set; }

    /// <summary>An ERROR frame's message, once one arrived.</summary>
    public string? Error { get; private set; }

    /// <summary>Opens the socket and sends CONNECT; returns after CONNECTED.</summary>
    public static async Task<BenchConnection> OpenAsync(Uri webSocket, string token, string userId, Action<BenchConnection, string, JsonElement, long> onMessage)
    {
        var connection = new BenchConnection(userId) { OnMessage = onMessage };
        connection._socket.Options.AddSubProtocol("v12.stomp");
        using var cts = new CancellationTokenSource(Timeout);
        await connection._socket.ConnectAsync(webSocket, cts.Token);
        connection._loop = connection.ReceiveLoopAsync();
        await connection.SendAsync(new StompFrame(StompCommand.Connect).With("accept-version", "1.2").With("host", "localhost")
            .With("heart-beat", "0,0").With("login", "bench").With("passcode", token));
        var connected = await connection._connected.Task.WaitAsync(Timeout);
        if (connected.Command != StompCommand.Connected)
        {
            throw new InvalidOperationException($"CONNECT refused: {connected["message"]}");
        }

        return connection;
    }

    /// <summary>SUBSCRIBE and wait for its RECEIPT.</summary>
    public Task SubscribeAsync(string destination, string id) =>
        SendWithReceiptAsync(new StompFrame(StompCommand.Subscribe).With("destination", destination).With("id", id));

    /// <summary>SEND a JSON body; returns when the bytes are handed to the socket (the RECEIPT is waited for by <paramref name="receipt"/>).</summary>
    public async Task<Task> SendJsonAsync(string destination, string json)
    {
        var receipt = NewReceipt(out var done);
        await SendAsync(new StompFrame(StompCommand.Send, new StompHeaders(), Encoding.UTF8.GetBytes(json))
            .With("destination", destination).With("content-type", "application/json").With("receipt", receipt));
        return done.Task;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Closing anyway.
        }

        _socket.Dispose();
        if (_loop is not null)
        {
            await Task.WhenAny(_loop, Task.Delay(TimeSpan.FromSeconds(5)));
        }
    }

    private async Task SendWithReceiptAsync(StompFrame frame)
    {
        var receipt = NewReceipt(out var done);
        await SendAsync(frame.With("receipt", receipt));
        await done.Task.WaitAsync(Timeout);
    }

    private string NewReceipt(out TaskCompletionSource done)
    {
        var receipt = "r" + Interlocked.Increment(ref _receiptCounter);
        done = _receipts[receipt] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return receipt;
    }

    private async Task SendAsync(StompFrame frame)
    {
        var buffer = new ArrayBufferWriter<byte>();
        StompWriter.WriteFrame(buffer, frame, StompVersion.V1_2);
        await _sendLock.WaitAsync();
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            await _socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cts.Token);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var chunk = new byte[16 * 1024];
        var pending = Array.Empty<byte>();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(chunk, CancellationToken.None);
                var arrived = Stopwatch.GetTimestamp();
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                pending = pending.Length == 0 ? chunk.AsSpan(0, result.Count).ToArray() : [.. pending, .. chunk.AsSpan(0, result.Count)];
                var buffer = new ReadOnlySequence<byte>(pending);
                while (_parser.TryParseFrame(ref buffer, out var frame))
                {
                    Handle(frame, arrived);
                }

                pending = buffer.Length == 0 ? [] : buffer.ToArray();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection ended.
        }
        finally
        {
            _connected.TrySetResult(new StompFrame(StompCommand.Error).With("message", "connection closed"));
        }
    }

    private void Handle(StompFrame frame, long arrived)
    {
        switch (frame.Command)
        {
            case StompCommand.Connected:
                _connected.TrySetResult(frame);
                break;
            case StompCommand.Receipt when frame["receipt-id"] is { } id && _receipts.TryRemove(id, out var done):
                done.TrySetResult();
                break;
            case StompCommand.Message when frame.Body.Length > 0:
                using (var json = JsonDocument.Parse(frame.Body))
                {
                    OnMessage?.Invoke(this, frame["subscription"] ?? "", json.RootElement, arrived);
                }

                break;
            case StompCommand.Error:
                Error = frame["message"];
                _connected.TrySetResult(frame);
                break;
        }
    }
}
