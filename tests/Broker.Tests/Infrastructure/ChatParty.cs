using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Infrastructure;

/// <summary>
/// A chat user on a real connection, subscribed to <c>/user/queue/messages</c>, <c>/user/queue/events</c>,
/// <c>/user/queue/errors</c> (and, for agents, <c>/chat/topic/support</c>), with each subscription's
/// MESSAGEs in its own queue so a test reads them in order without caring how they interleave.
/// </summary>
public sealed class ChatParty : IAsyncDisposable
{
    /// <summary>Subscription ids.</summary>
    public const string Messages = "messages", Events = "events", Errors = "errors", Support = "support";

    private readonly ConcurrentDictionary<string, Channel<StompFrame>> _queues = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _receipts = new();
    private readonly TaskCompletionSource<StompFrame> _error = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _pump;
    private int _receiptCounter;

    private ChatParty(StompTestClient client, TokenInfo token)
    {
        Client = client;
        Token = token;
        _pump = PumpAsync();
    }

    /// <summary>The underlying connection.</summary>
    public StompTestClient Client { get; }

    /// <summary>The user's token and ids.</summary>
    public TokenInfo Token { get; }

    /// <summary>The user id.</summary>
    public string UserId => Token.UserId;

    /// <summary>Completes with the first ERROR frame the server sends.</summary>
    public Task<StompFrame> Error => _error.Task;

    /// <summary>Connects a new guest customer and subscribes to its queues (messages with <paramref name="since"/> when given).</summary>
    public static async Task<ChatParty> CustomerAsync(BrokerHost broker, string name = "Ada", TokenInfo? token = null, string? since = null)
    {
        token ??= await broker.GuestAsync(name);
        return await ConnectAsync(broker, token, agent: false, since);
    }

    /// <summary>Logs an agent in and subscribes to its queues and the support topic.</summary>
    public static async Task<ChatParty> AgentAsync(BrokerHost broker, string username = "alice", bool supportTopic = true, string? since = null)
    {
        var token = await broker.LoginAsync(username);
        return await ConnectAsync(broker, token, agent: supportTopic, since);
    }

    /// <summary>Connects with an existing token (a reconnect) and subscribes.</summary>
    public static async Task<ChatParty> ConnectAsync(BrokerHost broker, TokenInfo token, bool agent, string? since = null)
    {
        var client = await broker.ConnectAsync(token.Token);
        var party = new ChatParty(client, token);
        await party.SubscribeAsync("/user/queue/errors", Errors);
        await party.SubscribeAsync("/user/queue/events", Events);
        await party.SubscribeAsync("/user/queue/messages", Messages, since is null ? [] : [("x-since", since)]);
        if (agent)
        {
            await party.SubscribeAsync("/chat/topic/support", Support);
        }

        return party;
    }

    /// <summary>SUBSCRIBE and wait for the RECEIPT.</summary>
    public Task SubscribeAsync(string destination, string id, params (string, string)[] headers)
    {
        var frame = new StompFrame(StompCommand.Subscribe).With("destination", destination).With("id", id);
        foreach (var (name, value) in headers)
        {
            frame.With(name, value);
        }

        return SendWithReceiptAsync(frame);
    }

    /// <summary>SEND a JSON body to a chat destination and wait for its RECEIPT.</summary>
    public Task SendAsync(string destination, object body) =>
        SendWithReceiptAsync(JsonFrame(destination, body));

    /// <summary>SEND a JSON body with a receipt and return the receipt id without waiting (for refusals).</summary>
    public async Task<string> SendExpectingRefusalAsync(string destination, object body)
    {
        var frame = JsonFrame(destination, body);
        var receipt = "r-" + Interlocked.Increment(ref _receiptCounter);
        frame.With("receipt", receipt);
        _receipts[receipt] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Client.SendAsync(frame);
        return receipt;
    }

    /// <summary>
    /// SENDs expecting a refusal, asserts the next refusal on <c>/user/queue/errors</c> carries
    /// <paramref name="code"/> and returns its body.
    /// </summary>
    public async Task<JsonElement> AssertRefusedAsync(string destination, object body, string code)
    {
        await SendExpectingRefusalAsync(destination, body);
        var error = (await NextErrorAsync()).Body;
        Assert.Equal(code, error.GetProperty("code").GetString());
        return error;
    }

    /// <summary>SEND raw text (e.g. malformed JSON) with a receipt; returns the receipt id.</summary>
    public async Task<string> SendRawBodyAsync(string destination, string body)
    {
        var frame = new StompFrame(StompCommand.Send, new StompHeaders(), System.Text.Encoding.UTF8.GetBytes(body))
            .With("destination", destination).With("content-type", "application/json");
        var receipt = "r-" + Interlocked.Increment(ref _receiptCounter);
        frame.With("receipt", receipt);
        _receipts[receipt] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Client.SendAsync(frame);
        return receipt;
    }

    /// <summary>Sends a frame with a fresh receipt and waits for the RECEIPT.</summary>
    public async Task SendWithReceiptAsync(StompFrame frame)
    {
        var receipt = "r-" + Interlocked.Increment(ref _receiptCounter);
        frame.With("receipt", receipt);
        var done = _receipts[receipt] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Client.SendAsync(frame);
        var finished = await Task.WhenAny(done.Task, _error.Task, Task.Delay(StompTestClient.Timeout));
        if (finished == _error.Task)
        {
            Assert.Fail($"ERROR instead of RECEIPT: {_error.Task.Result["message"]}");
        }

        if (finished != done.Task)
        {
            var refusal = TryPeekError();
            Assert.Fail($"No RECEIPT for {frame["destination"]} within the timeout{(refusal is null ? "" : ": refused with " + refusal)}");
        }
    }

    /// <summary>Completes when the RECEIPT for <paramref name="receipt"/> (from <see cref="SendExpectingRefusalAsync"/>) arrives.</summary>
    public Task ReceiptAsync(string receipt) => _receipts[receipt].Task;

    /// <summary>Whether a RECEIPT for <paramref name="receipt"/> arrived.</summary>
    public bool GotReceipt(string receipt) => _receipts.TryGetValue(receipt, out var tcs) && tcs.Task.IsCompleted;

    /// <summary>The next MESSAGE body on a subscription, as JSON.</summary>
    public async Task<JsonElement> NextAsync(string subscription, TimeSpan? timeout = null) =>
        StompTestClient.BodyJson(await NextFrameAsync(subscription, timeout));

    /// <summary>The next MESSAGE frame on a subscription.</summary>
    public async Task<StompFrame> NextFrameAsync(string subscription, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? StompTestClient.Timeout);
        try
        {
            return await Queue(subscription).Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No MESSAGE on '{subscription}' of {UserId} in time.");
        }
    }

    /// <summary>Reads a subscription until a JSON body with <c>type</c> = <paramref name="type"/> (and the predicate) arrives.</summary>
    public async Task<JsonElement> WaitForAsync(string subscription, string type, Func<JsonElement, bool>? where = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? StompTestClient.Timeout);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No '{type}' on '{subscription}' of {UserId} in time.");
            }

            var body = await NextAsync(subscription, left);
            if (body.TryGetProperty("type", out var t) && t.GetString() == type && (where is null || where(body)))
            {
                return body;
            }
        }
    }

    /// <summary>Reads chat messages until one with this text arrives.</summary>
    public Task<JsonElement> WaitForMessageAsync(string text, TimeSpan? timeout = null) =>
        WaitForChatAsync(m => m.GetProperty("message").GetString() == text, timeout);

    /// <summary>Reads chat messages until one matches.</summary>
    public async Task<JsonElement> WaitForChatAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? StompTestClient.Timeout);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No matching chat message for {UserId} in time.");
            }

            var body = await NextAsync(Messages, left);
            if (match(body))
            {
                return body;
            }
        }
    }

    /// <summary>The next refusal on <c>/user/queue/errors</c> and its <c>receipt-id</c>.</summary>
    public async Task<(JsonElement Body, string? ReceiptId)> NextErrorAsync(TimeSpan? timeout = null)
    {
        var frame = await NextFrameAsync(Errors, timeout);
        return (StompTestClient.BodyJson(frame), frame["receipt-id"]);
    }

    /// <summary>Asserts that no MESSAGE is queued on the subscription now and none arrives before a fence RECEIPT.</summary>
    public async Task AssertQuietAsync(string subscription)
    {
        await SendWithReceiptAsync(new StompFrame(StompCommand.Begin).With("transaction", "fence-" + Guid.NewGuid().ToString("N")));
        Assert.False(Queue(subscription).Reader.TryRead(out var unexpected), $"Unexpected MESSAGE on {subscription}: {(unexpected is null ? "" : StompTestClient.BodyText(unexpected))}");
    }

    /// <summary>Drains what is queued on a subscription now (after a fence).</summary>
    public async Task<List<JsonElement>> DrainAsync(string subscription)
    {
        await SendWithReceiptAsync(new StompFrame(StompCommand.Begin).With("transaction", "fence-" + Guid.NewGuid().ToString("N")));
        var items = new List<JsonElement>();
        while (Queue(subscription).Reader.TryRead(out var frame))
        {
            items.Add(StompTestClient.BodyJson(frame));
        }

        return items;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Task.WhenAny(_pump, Task.Delay(StompTestClient.Timeout));
    }

    private string? TryPeekError() => Queue(Errors).Reader.TryPeek(out var f) ? StompTestClient.BodyText(f) : null;

    private Channel<StompFrame> Queue(string subscription) => _queues.GetOrAdd(subscription, _ => Channel.CreateUnbounded<StompFrame>());

    private static StompFrame JsonFrame(string destination, object body) =>
        new StompFrame(StompCommand.Send, new StompHeaders(), JsonSerializer.SerializeToUtf8Bytes(body, BrokerHost.JsonOptions))
            .With("destination", destination).With("content-type", "application/json");

    private async Task PumpAsync()
    {
        try
        {
            while (true)
            {
                var frame = await Client.ReceiveAsync(TimeSpan.FromDays(1));
                switch (frame.Command)
                {
                    case StompCommand.Message:
                        await Queue(frame["subscription"] ?? "").Writer.WriteAsync(frame);
                        break;
                    case StompCommand.Receipt when frame["receipt-id"] is { } id:
                        _receipts.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                        break;
                    case StompCommand.Error:
                        _error.TrySetResult(frame);
                        break;
                }
            }
        }
        catch (Exception)
        {
            // The connection ended.
        }
    }
}
