using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace CustomerChat.WebhookBench;

/// <summary>
/// A guest customer on its own STOMP 1.2 WebSocket: <c>SEND /chat/message</c> with a <c>receipt</c>; the broker sends the
/// RECEIPT once the message is stored (docs/protocol.md §2), which is when the chat's <c>message.created</c> event
/// exists. The first message opens the customer's conversation (<c>conversation.created</c>).
/// </summary>
internal sealed class StompCustomer : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<int, string> _pending = [];
    private Task? _receiveLoop;
    private int _nextReceipt;

    /// <summary>Called with the message text and the RECEIPT's arrival (Stopwatch ticks).</summary>
    public Action<string, long>? OnReceipt { get; set; }

    /// <summary>ERROR frames and refusals seen.</summary>
    public int Errors { get; private set; }

    public static async Task<StompCustomer> ConnectAsync(Uri url, string token, CancellationToken cancellationToken)
    {
        var customer = new StompCustomer();
        customer._socket.Options.AddSubProtocol("v12.stomp");
        customer._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await customer._socket.ConnectAsync(url, cancellationToken);
        customer._receiveLoop = Task.Run(customer.ReceiveLoopAsync, CancellationToken.None);
        await customer.SendFrameAsync($"CONNECT\naccept-version:1.2\nhost:/\nlogin:bench\npasscode:{token}\nheart-beat:0,0\n\n\0", cancellationToken);
        await customer._connected.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return customer;
    }

    /// <summary>Sends a chat message with a receipt; returns when the frame is written (not when it is stored).</summary>
    public Task SendMessageAsync(string text, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new { message = text });
        int receipt;
        lock (_pending)
        {
            receipt = ++_nextReceipt;
            _pending[receipt] = text;
        }

        var length = Encoding.UTF8.GetByteCount(body);
        return SendFrameAsync(
            $"SEND\ndestination:/chat/message\ncontent-type:application/json\nreceipt:{receipt}\ncontent-length:{length}\n\n{body}\0", cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The broker may already be gone.
        }

        if (_receiveLoop is not null)
        {
            await Task.WhenAny(_receiveLoop, Task.Delay(TimeSpan.FromSeconds(5)));
        }

        _socket.Dispose();
        _sendLock.Dispose();
    }

    private async Task SendFrameAsync(string frame, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(frame);
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var receivedAt = Stopwatch.GetTimestamp();
                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                foreach (var frame in text.Split('\0', StringSplitOptions.RemoveEmptyEntries))
                {
                    Handle(frame.TrimStart('\r', '\n'), receivedAt);
                }
            }
        }
        catch (WebSocketException)
        {
            // Closed under us: the step is over or the broker stopped.
        }
        finally
        {
            _connected.TrySetException(new InvalidOperationException("the connection closed before CONNECTED"));
        }
    }

    private void Handle(string frame, long receivedAt)
    {
        var command = frame.AsSpan(0, Math.Max(0, frame.IndexOf('\n')));
        if (command.SequenceEqual("CONNECTED"))
        {
            _connected.TrySetResult();
        }
        else if (command.SequenceEqual("RECEIPT"))
        {
            var start = frame.IndexOf("receipt-id:", StringComparison.Ordinal) + "receipt-id:".Length;
            var end = frame.IndexOf('\n', start);
            var id = int.Parse(frame.AsSpan(start, (end < 0 ? frame.Length : end) - start), CultureInfo.InvariantCulture);
            string? text;
            lock (_pending)
            {
                _pending.Remove(id, out text);
            }

            if (text is not null)
            {
                OnReceipt?.Invoke(text, receivedAt);
            }
        }
        else if (command.SequenceEqual("ERROR") || frame.Contains("/user/queue/errors", StringComparison.Ordinal))
        {
            Errors++;
            if (!_connected.Task.IsCompleted)
            {
                _connected.TrySetException(new InvalidOperationException("CONNECT refused: " + frame));
            }
        }
    }
}
