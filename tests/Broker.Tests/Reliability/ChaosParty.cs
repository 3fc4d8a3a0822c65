using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Reliability;

/// <summary>How a SEND with a receipt ended.</summary>
public enum SendOutcome
{
    /// <summary>The RECEIPT arrived: the broker stored and delivered the message.</summary>
    Receipted,

    /// <summary>A refusal with this receipt id arrived on <c>/user/queue/errors</c>.</summary>
    Refused,

    /// <summary>The connection ended (or nothing came in time) first: the message may or may not be stored.</summary>
    Lost,
}

/// <summary>
/// A chat user who outlives its connections, as the pages' STOMP module should: it keeps a ledger of the chat
/// messages it received (id, conversation, text) across reconnects, resubscribes <c>/user/queue/messages</c> with
/// <c>x-since</c> = the highest id it has of each conversation (<c>&lt;conversationId&gt;=&lt;id&gt;,…</c>, the form the
/// pages' STOMP module sends, docs/protocol.md §19 "Cursors"), and tells a SEND's outcome apart (receipted, refused,
/// lost with the connection). It does not de-duplicate, so a test sees every copy the broker sends. Each connection is
/// a real <see cref="StompTestClient"/> (ClientWebSocket).
/// </summary>
public sealed class ChaosParty : IAsyncDisposable
{
    /// <summary>Subscription ids.</summary>
    public const string Messages = "messages", Events = "events", Errors = "errors", Support = "support";

    private readonly ConcurrentDictionary<string, TaskCompletionSource<SendOutcome>> _pending = new();
    private readonly ConcurrentDictionary<string, Channel<JsonElement>> _queues = new();
    private readonly List<(string Id, string ConversationId, string Text)> _received = [];
    private StompTestClient? _client;
    private TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, string> _since = new(StringComparer.Ordinal);
    private int _receiptCounter;
    private int _connections;
    private long? _firstMessageAt;

    private ChaosParty(string name, TokenInfo token, bool agent)
    {
        Name = name;
        Token = token;
        IsAgent = agent;
    }

    /// <summary>A short name, used in message texts.</summary>
    public string Name { get; }

    /// <summary>The user's token: the same one is used to reconnect.</summary>
    public TokenInfo Token { get; }

    /// <summary>Whether the user is an agent (it then also holds the support topic).</summary>
    public bool IsAgent { get; }

    /// <summary>Completes when the current connection ends.</summary>
    public Task ConnectionLost => _lost.Task;

    /// <summary>
    /// The <c>x-since</c> value for the next SUBSCRIBE: <c>&lt;conversationId&gt;=&lt;highest id received&gt;</c> per
    /// conversation, comma-separated; null before any message.
    /// </summary>
    public string? SinceHeader
    {
        get
        {
            lock (_received)
            {
                return _since.Count == 0 ? null : string.Join(",", _since.Select(p => $"{p.Key}={p.Value}"));
            }
        }
    }

    /// <summary>
    /// Called with the text of each chat message as it arrives, on the connection's reading thread (before the next
    /// frame is read): a test can kill a broker from here at an exact point of the chat.
    /// </summary>
    public Action<string>? MessageReceived { get; set; }

    /// <summary>How many connections this party opened (1 = never reconnected).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>
    /// When (a <see cref="System.Diagnostics.Stopwatch"/> timestamp) the first chat message arrived on the current
    /// connection (an <c>x-since</c> replay or a live one); null while none has.
    /// </summary>
    public long? FirstMessageOnThisConnectionAt
    {
        get
        {
            lock (_received)
            {
                return _firstMessageAt;
            }
        }
    }

    /// <summary>A copy of every chat message received so far, in arrival order, across connections.</summary>
    public List<(string Id, string ConversationId, string Text)> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Connects a new party to <paramref name="webSocketUri"/>.</summary>
    public static async Task<ChaosParty> ConnectAsync(string name, TokenInfo token, bool agent, Uri webSocketUri)
    {
        var party = new ChaosParty(name, token, agent);
        await party.ReconnectAsync(webSocketUri);
        return party;
    }

    /// <summary>
    /// Opens a new connection with the same token and subscribes again: errors, events, messages with <c>x-since</c>
    /// (when it has received any), and the support topic for agents.
    /// </summary>
    public async Task ReconnectAsync(Uri webSocketUri)
    {
        if (_client is { } old)
        {
            await old.DisposeAsync();
        }

        var client = await StompTestClient.OpenAsync(webSocketUri);
        var connected = await client.ConnectAsync(Token.Token);
        Assert.True(connected.Command == StompCommand.Connected, $"{Name}: {connected.Command} {connected["message"]}");
        lock (_received)
        {
            _firstMessageAt = null;
        }

        Interlocked.Increment(ref _connections);
        _client = client;
        _lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = PumpAsync(client, _lost);
        await SubscribeAsync("/user/queue/errors", Errors);
        await SubscribeAsync("/user/queue/events", Events);
        await SubscribeAsync("/user/queue/messages", Messages, SinceHeader is { } since ? [("x-since", since)] : []);
        if (IsAgent)
        {
            await SubscribeAsync("/chat/topic/support", Support);
        }
    }

    /// <summary>SEND a JSON body with a receipt; returns how it ended (<see cref="SendOutcome.Lost"/> after 10 s of nothing).</summary>
    public async Task<SendOutcome> SendAsync(string destination, object body)
    {
        var frame = new StompFrame(StompCommand.Send, new StompHeaders(), JsonSerializer.SerializeToUtf8Bytes(body, BrokerHost.JsonOptions))
            .With("destination", destination).With("content-type", "application/json");
        return await SendWithReceiptAsync(frame);
    }

    /// <summary>Reads a subscription until a JSON body with <c>type</c> = <paramref name="type"/> (and the predicate) arrives.</summary>
    public async Task<JsonElement> WaitForAsync(string subscription, string type, Func<JsonElement, bool>? where = null, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? StompTestClient.Timeout);
        try
        {
            while (true)
            {
                var body = await Queue(subscription).Reader.ReadAsync(cts.Token);
                if (body.TryGetProperty("type", out var t) && t.GetString() == type && (where is null || where(body)))
                {
                    return body;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No '{type}' on '{subscription}' of {Name} in time.");
        }
    }

    /// <summary>Takes the next body queued on a subscription (not chat messages, which go to the ledger).</summary>
    public async Task<JsonElement> NextAsync(string subscription, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await Queue(subscription).Reader.ReadAsync(cts.Token);
    }

    /// <summary>Compares two message ids (<c>ms-seq</c>) by time, then sequence.</summary>
    public static int CompareIds(string a, string b)
    {
        static (long, long) Parse(string id)
        {
            var dash = id.IndexOf('-');
            return (long.Parse(id[..dash]), long.Parse(id[(dash + 1)..]));
        }

        return Parse(a).CompareTo(Parse(b));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_client is { } client)
        {
            await client.DisposeAsync();
        }
    }

    private Task SubscribeAsync(string destination, string id, params (string, string)[] headers)
    {
        var frame = new StompFrame(StompCommand.Subscribe).With("destination", destination).With("id", id);
        foreach (var (name, value) in headers)
        {
            frame.With(name, value);
        }

        return SubscribeWithReceiptAsync(frame);
    }

    private async Task SubscribeWithReceiptAsync(StompFrame frame)
    {
        var outcome = await SendWithReceiptAsync(frame);
        Assert.True(outcome == SendOutcome.Receipted, $"{Name}: SUBSCRIBE {frame["destination"]} ended {outcome}");
    }

    private async Task<SendOutcome> SendWithReceiptAsync(StompFrame frame)
    {
        var (client, lost) = (_client!, _lost);
        var receipt = "r-" + Interlocked.Increment(ref _receiptCounter);
        frame.With("receipt", receipt);
        var done = _pending[receipt] = new TaskCompletionSource<SendOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (lost.Task.IsCompleted)
        {
            // The pump marks what is pending after it sets lost: either it saw this entry or this sees lost.
            done.TrySetResult(SendOutcome.Lost);
        }

        try
        {
            await client.SendAsync(frame);
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            done.TrySetResult(SendOutcome.Lost);
        }

        var finished = await Task.WhenAny(done.Task, Task.Delay(StompTestClient.Timeout));
        _pending.TryRemove(receipt, out _);
        return finished == done.Task ? done.Task.Result : SendOutcome.Lost;
    }

    private Channel<JsonElement> Queue(string subscription) => _queues.GetOrAdd(subscription, _ => Channel.CreateUnbounded<JsonElement>());

    private async Task PumpAsync(StompTestClient client, TaskCompletionSource lost)
    {
        try
        {
            while (true)
            {
                var frame = await client.ReceiveAsync(TimeSpan.FromDays(1));
                if (frame.Command == StompCommand.Receipt && frame["receipt-id"] is { } id)
                {
                    if (_pending.TryGetValue(id, out var tcs))
                    {
                        tcs.TrySetResult(SendOutcome.Receipted);
                    }
                }
                else if (frame.Command == StompCommand.Message)
                {
                    OnMessage(frame);
                }
                else if (frame.Command == StompCommand.Error)
                {
                    break;
                }
            }
        }
        catch (Exception)
        {
            // The connection ended.
        }
        finally
        {
            lost.TrySetResult();
            foreach (var (_, tcs) in _pending)
            {
                tcs.TrySetResult(SendOutcome.Lost);
            }
        }
    }

    private void OnMessage(StompFrame frame)
    {
        var subscription = frame["subscription"] ?? "";
        var body = StompTestClient.BodyJson(frame);
        if (subscription == Messages)
        {
            var id = body.GetProperty("id").GetString()!;
            var conversationId = body.GetProperty("conversationId").GetString()!;
            var at = System.Diagnostics.Stopwatch.GetTimestamp();
            var text = body.GetProperty("message").GetString()!;
            lock (_received)
            {
                _received.Add((id, conversationId, text));
                _firstMessageAt ??= at;
                if (!_since.TryGetValue(conversationId, out var max) || CompareIds(id, max) > 0)
                {
                    _since[conversationId] = id;
                }
            }

            MessageReceived?.Invoke(text);

            return;
        }

        if (subscription == Errors && frame["receipt-id"] is { } receipt && _pending.TryGetValue(receipt, out var tcs))
        {
            tcs.TrySetResult(SendOutcome.Refused);
        }

        Queue(subscription).Writer.TryWrite(body);
    }
}
