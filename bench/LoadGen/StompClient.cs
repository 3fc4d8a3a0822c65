using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace CustomerChat.LoadGen;

/// <summary>Called for every MESSAGE: the connection, the first byte of its <c>subscription</c> header, the body.</summary>
internal delegate void MessageHandler(StompClient client, byte subscription, ReadOnlySpan<byte> body, long receivedAt);

/// <summary>
/// A lean STOMP 1.2 client over <see cref="ClientWebSocket"/>. The receive side does not build frame objects:
/// it finds each frame's command, the headers it needs and the body (by <c>content-length</c> or the NUL),
/// so a subscriber costs the load generator little CPU per delivery. Sends are serialized by a lock;
/// one WebSocket message per frame, as browser clients send them.
/// </summary>
internal sealed class StompClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Stats _stats;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<int, TaskCompletionSource> _receipts = [];
    private byte[] _buffer;
    private int _length;
    private Task? _receiveLoop;
    private int _nextReceipt;
    private volatile bool _closing;

    public StompClient(Stats stats, int receiveBufferSize = 8192)
    {
        _stats = stats;
        _buffer = new byte[receiveBufferSize];
        _socket.Options.AddSubProtocol("v12.stomp");
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
    }

    public MessageHandler? OnMessage { get; set; }

    /// <summary>Free for the profile's own use (e.g. the index of the pair or customer).</summary>
    public int Tag { get; set; }

    public object? State { get; set; }

    /// <summary>When the WebSocket was asked for, and when CONNECTED arrived (Stopwatch ticks).</summary>
    public long StartedAt { get; private set; }

    public long ConnectedAt { get; private set; }

    public bool IsOpen => _socket.State == WebSocketState.Open && !_closing;

    /// <summary>Opens the WebSocket, sends CONNECT and waits for CONNECTED.</summary>
    public async Task ConnectAsync(Uri url, HttpMessageInvoker invoker, string login, string passcode, string heartbeat, CancellationToken token)
    {
        StartedAt = Stopwatch.GetTimestamp();
        await _socket.ConnectAsync(url, invoker, token).ConfigureAwait(false);
        _receiveLoop = Task.Run(ReceiveLoopAsync, CancellationToken.None);
        var connect = $"CONNECT\naccept-version:1.2\nhost:/\nlogin:{login}\npasscode:{passcode}\nheart-beat:{heartbeat}\n\n\0";
        await SendAsync(Encoding.UTF8.GetBytes(connect), token).ConfigureAwait(false);
        await _connected.Task.WaitAsync(token).ConfigureAwait(false);
        ConnectedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>Subscribes with a receipt and waits for it, so nothing published afterwards is missed.</summary>
    public Task SubscribeAsync(string destination, string id, CancellationToken token) =>
        SendWithReceiptAsync($"SUBSCRIBE\ndestination:{destination}\nid:{id}\nack:auto\n", token);

    /// <summary>Sends a frame (without its blank line and body) plus a receipt header and waits for the RECEIPT.</summary>
    public async Task SendWithReceiptAsync(string headPart, CancellationToken token, string body = "")
    {
        TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int receipt;
        lock (_receipts)
        {
            receipt = ++_nextReceipt;
            _receipts[receipt] = done;
        }

        var frame = body.Length == 0
            ? $"{headPart}receipt:{receipt}\n\n\0"
            : $"{headPart}receipt:{receipt}\ncontent-type:application/json\ncontent-length:{Encoding.UTF8.GetByteCount(body)}\n\n{body}\0";
        await SendAsync(Encoding.UTF8.GetBytes(frame), token).ConfigureAwait(false);
        await done.Task.WaitAsync(token).ConfigureAwait(false);
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken token)
    {
        await _sendLock.WaitAsync(token).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, token).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends DISCONNECT, then closes the WebSocket; never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        _closing = true;
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await SendAsync("DISCONNECT\n\n\0"u8.ToArray(), cts.Token).ConfigureAwait(false);
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token).ConfigureAwait(false);
                if (_receiveLoop is not null)
                {
                    await _receiveLoop.WaitAsync(cts.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or TimeoutException)
        {
        }
        finally
        {
            _socket.Abort();
            _socket.Dispose();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                if (_length == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                var result = await _socket.ReceiveAsync(_buffer.AsMemory(_length), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                _length += result.Count;
                var consumed = ParseFrames(_buffer.AsSpan(0, _length), Stopwatch.GetTimestamp());
                if (consumed > 0)
                {
                    _buffer.AsSpan(consumed, _length - consumed).CopyTo(_buffer);
                    _length -= consumed;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
        }

        if (!_closing)
        {
            _stats.Error("connection closed by the broker");
        }

        _connected.TrySetException(new IOException("closed before CONNECTED"));
        lock (_receipts)
        {
            foreach (var pending in _receipts.Values)
            {
                pending.TrySetException(new IOException("closed before RECEIPT"));
            }

            _receipts.Clear();
        }
    }

    /// <summary>Handles every complete frame in <paramref name="data"/>; returns the bytes consumed.</summary>
    private int ParseFrames(ReadOnlySpan<byte> data, long now)
    {
        var position = 0;
        while (true)
        {
            // Heart-beat EOLs between frames.
            while (position < data.Length && (data[position] == (byte)'\n' || data[position] == (byte)'\r'))
            {
                position++;
            }

            if (position >= data.Length)
            {
                return position;
            }

            var frame = data[position..];
            var eol = frame.IndexOf((byte)'\n');
            if (eol < 0)
            {
                return position;
            }

            var command = frame[..eol].TrimEnd((byte)'\r');
            var cursor = eol + 1;
            var contentLength = -1;
            byte subscription = 0;
            var receiptId = -1;
            ReadOnlySpan<byte> errorMessage = default;
            var complete = false;
            while (true)
            {
                var lineEnd = frame[cursor..].IndexOf((byte)'\n');
                if (lineEnd < 0)
                {
                    break;
                }

                var line = frame.Slice(cursor, lineEnd).TrimEnd((byte)'\r');
                cursor += lineEnd + 1;
                if (line.IsEmpty)
                {
                    complete = true;
                    break;
                }

                if (line.StartsWith("content-length:"u8) && contentLength < 0)
                {
                    Utf8Parser.TryParse(line["content-length:".Length..], out contentLength, out _);
                }
                else if (line.StartsWith("subscription:"u8) && line.Length > "subscription:".Length)
                {
                    subscription = line["subscription:".Length];
                }
                else if (line.StartsWith("receipt-id:"u8))
                {
                    Utf8Parser.TryParse(line["receipt-id:".Length..], out receiptId, out _);
                }
                else if (line.StartsWith("message:"u8))
                {
                    errorMessage = line["message:".Length..];
                }
            }

            if (!complete)
            {
                return position;
            }

            ReadOnlySpan<byte> body;
            if (contentLength >= 0)
            {
                if (frame.Length < cursor + contentLength + 1)
                {
                    return position;
                }

                body = frame.Slice(cursor, contentLength);
                cursor += contentLength + 1;
            }
            else
            {
                var nul = frame[cursor..].IndexOf((byte)0);
                if (nul < 0)
                {
                    return position;
                }

                body = frame.Slice(cursor, nul);
                cursor += nul + 1;
            }

            position += cursor;
            Dispatch(command, subscription, receiptId, errorMessage, body, now);
        }
    }

    private void Dispatch(ReadOnlySpan<byte> command, byte subscription, int receiptId, ReadOnlySpan<byte> errorMessage, ReadOnlySpan<byte> body, long now)
    {
        if (command.SequenceEqual("MESSAGE"u8))
        {
            OnMessage?.Invoke(this, subscription, body, now);
        }
        else if (command.SequenceEqual("RECEIPT"u8))
        {
            TaskCompletionSource? pending;
            lock (_receipts)
            {
                _receipts.Remove(receiptId, out pending);
            }

            pending?.TrySetResult();
        }
        else if (command.SequenceEqual("CONNECTED"u8))
        {
            _connected.TrySetResult();
        }
        else if (command.SequenceEqual("ERROR"u8))
        {
            var text = Encoding.UTF8.GetString(errorMessage);
            _stats.Error("ERROR frame: " + (text.Length > 0 ? text : Encoding.UTF8.GetString(body[..Math.Min(body.Length, 200)])));
            _closing = true;
            _connected.TrySetException(new IOException("ERROR: " + text));
        }
    }
}
