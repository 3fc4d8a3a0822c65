using System.Text;
using CustomerChat.Broker.Tests.Identity;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Stomp;

/// <summary>
/// A protocol fault gets ERROR (naming the limit where one was passed) and a close, and nothing else is
/// affected: a healthy connection on the same broker keeps getting its messages (docs/protocol.md §2, issue 7).
/// </summary>
public sealed class MalformedFrameTests(MalformedFrameTests.Fixture fixture) : IClassFixture<MalformedFrameTests.Fixture>
{
    private const int MaxFrameBytes = 4096;
    private const int MaxHeaders = 8;
    private const int MaxHeaderLineBytes = 1024;
    private const int MaxSubscriptions = 3;

    public static TheoryData<string, string, string> BadFrames => new()
    {
        { "unknown command", "FROB\ndestination:/topic/x\n\n\0", "Unknown command 'FROB'" },
        { "server command from a client", "MESSAGE\ndestination:/topic/x\n\n\0", "server frame" },
        { "header without colon", "SEND\ndestination:/topic/x\nno-colon-here\n\nbody\0", "without ':'" },
        { "undefined escape", "SEND\ndestination:/topic/x\nx-h:a\\tb\n\nbody\0", "escape" },
        { "lone backslash", "SEND\ndestination:/topic/x\nx-h:ab\\\n\nbody\0", "escape" },
        { "bad content-length", "SEND\ndestination:/topic/x\ncontent-length:ten\n\nbody\0", "content-length" },
        { "body longer than content-length", "SEND\ndestination:/topic/x\ncontent-length:2\n\nbody\0", "content-length" },
        { "frame over MaxFrameBytes", $"SEND\ndestination:/topic/x\n\n{new string('x', MaxFrameBytes + 10)}\0", $"the limit is {MaxFrameBytes} bytes" },
        { "frame over MaxFrameBytes by content-length", $"SEND\ndestination:/topic/x\ncontent-length:{MaxFrameBytes * 4}\n\nabc", $"the limit is {MaxFrameBytes} bytes" },
        { "too many headers", "SEND\ndestination:/topic/x\n" + string.Concat(Enumerable.Range(0, MaxHeaders).Select(i => $"x-{i}:v\n")) + "\n\0", $"Too many headers: the limit is {MaxHeaders}" },
        { "header line too long", $"SEND\ndestination:/topic/x\nx-long:{new string('y', MaxHeaderLineBytes)}\n\n\0", $"the limit is {MaxHeaderLineBytes} bytes" },
        { "SEND without destination", "SEND\ncontent-type:text/plain\n\nbody\0", "destination" },
        { "SUBSCRIBE without id", "SUBSCRIBE\ndestination:/topic/x\n\n\0", "'id'" },
        { "invalid ack mode", "SUBSCRIBE\ndestination:/topic/x\nid:1\nack:sometimes\n\n\0", "ack" },
        { "invalid prefetch-count", "SUBSCRIBE\ndestination:/topic/x\nid:1\nack:client\nprefetch-count:-1\n\n\0", "prefetch-count" },
    };

    [Theory]
    [MemberData(nameof(BadFrames))]
    public async Task MalformedFrameGetsErrorAndCloseWhileAnotherConnectionGoesOn(string why, string raw, string messagePart)
    {
        await using var healthy = await HealthyPair.StartAsync(fixture);
        await using var bad = await fixture.ConnectAgentAsync();

        await bad.SendRawAsync(raw);
        var error = await StompAssert.NextIsErrorThenCloseAsync(bad);
        Assert.True(error["message"]!.Contains(messagePart, StringComparison.Ordinal), $"{why}: ERROR message '{error["message"]}' does not contain '{messagePart}'");

        await healthy.AssertStillServedAsync();
    }

    [Fact]
    public async Task FrameBeforeConnectGetsErrorAndClose()
    {
        await using var healthy = await HealthyPair.StartAsync(fixture);
        await using var bad = await StompTestClient.OpenAsync(fixture.Broker.WebSocketUri);
        await bad.SendAsync(new StompFrame(StompCommand.Subscribe).With("destination", "/topic/x").With("id", "1").With("receipt", "early"));
        var error = await StompAssert.NextIsErrorThenCloseAsync(bad);
        Assert.Contains("before CONNECT", error["message"]);
        Assert.Equal("early", error["receipt-id"]);
        await healthy.AssertStillServedAsync();
    }

    [Fact]
    public async Task OversizeFrameSentInManySmallWebSocketMessagesIsRefusedOnceItPassesTheLimit()
    {
        await using var healthy = await HealthyPair.StartAsync(fixture);
        await using var bad = await fixture.ConnectAgentAsync();
        await bad.SendRawAsync("SEND\ndestination:/topic/x\n\n");
        var chunk = new string('z', 512);
        var sent = 0;
        while (!bad.Closed.IsCompleted && sent < MaxFrameBytes * 4)
        {
            try
            {
                await bad.SendRawAsync(chunk);
            }
            catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
            {
                break;
            }

            sent += chunk.Length;
            if (sent > MaxFrameBytes * 2)
            {
                // Well past the limit: the ERROR must be on its way.
                break;
            }
        }

        var error = await StompAssert.ErrorThenCloseAsync(bad);
        Assert.Contains($"the limit is {MaxFrameBytes} bytes", error["message"]);
        await healthy.AssertStillServedAsync();
    }

    [Fact]
    public async Task SubscriptionOverTheLimitGetsErrorNamingTheLimitWithReceiptId()
    {
        await using var healthy = await HealthyPair.StartAsync(fixture);
        await using var bad = await fixture.ConnectAgentAsync();
        for (var i = 0; i < MaxSubscriptions; i++)
        {
            await bad.SubscribeAsync(StompAssert.UniqueTopic(), $"s{i}");
        }

        await bad.SendAsync(new StompFrame(StompCommand.Subscribe).With("destination", StompAssert.UniqueTopic()).With("id", "one-too-many").With("receipt", "r-over"));
        var error = await StompAssert.NextIsErrorThenCloseAsync(bad);
        Assert.Contains($"the limit is {MaxSubscriptions}", error["message"]);
        Assert.Equal("r-over", error["receipt-id"]);
        await healthy.AssertStillServedAsync();
    }

    [Fact]
    public async Task UnsubscribeFreesASlotUnderTheSubscriptionLimit()
    {
        await using var client = await fixture.ConnectAgentAsync();
        for (var i = 0; i < MaxSubscriptions; i++)
        {
            await client.SubscribeAsync(StompAssert.UniqueTopic(), $"s{i}");
        }

        await client.SendWithReceiptAsync(new StompFrame(StompCommand.Unsubscribe).With("id", "s0"));
        await client.SubscribeAsync(StompAssert.UniqueTopic(), "s-new");
    }

    [Fact]
    public async Task ProtocolErrorOnAFrameThatAskedForAReceiptCarriesReceiptId()
    {
        await using var healthy = await HealthyPair.StartAsync(fixture);
        await using var bad = await fixture.ConnectAgentAsync();
        await bad.SendAsync(new StompFrame(StompCommand.Send).With("content-type", "text/plain").With("receipt", "r-nodest"));
        var error = await StompAssert.NextIsErrorThenCloseAsync(bad);
        Assert.Equal("r-nodest", error["receipt-id"]);
        Assert.Contains("destination", error["message"]);
        await healthy.AssertStillServedAsync();
    }

    [Fact]
    public async Task FramesQueuedAfterTheBadOneInTheSameMessageAreNotProcessed()
    {
        await using var healthy = await HealthyPair.StartAsync(fixture);
        await using var bad = await fixture.ConnectAgentAsync();

        // The fault comes first; the SEND behind it must not reach the healthy subscriber.
        await bad.SendRawAsync($"FROB\n\n\0SEND\ndestination:{healthy.Topic}\n\nsmuggled\0");
        await StompAssert.NextIsErrorThenCloseAsync(bad);
        await healthy.AssertStillServedAsync();
    }

    public sealed class Fixture : BrokerFixture
    {
        protected override IEnumerable<string> Settings =>
        [
            $"CustomerChat:Limits:MaxFrameBytes={MaxFrameBytes}",
            $"CustomerChat:Limits:MaxHeaders={MaxHeaders}",
            $"CustomerChat:Limits:MaxHeaderLineBytes={MaxHeaderLineBytes}",
            $"CustomerChat:Limits:MaxSubscriptionsPerConnection={MaxSubscriptions}",
        ];
    }
}

/// <summary>A subscriber and a publisher on their own topic, to show a broker keeps serving them.</summary>
public sealed class HealthyPair : IAsyncDisposable
{
    private readonly StompTestClient _subscriber;
    private readonly StompTestClient _publisher;
    private int _sent;

    private HealthyPair(StompTestClient subscriber, StompTestClient publisher, string topic)
    {
        _subscriber = subscriber;
        _publisher = publisher;
        Topic = topic;
    }

    /// <summary>The topic the healthy subscriber listens on.</summary>
    public string Topic { get; }

    /// <summary>Connects both and subscribes.</summary>
    public static async Task<HealthyPair> StartAsync(BrokerFixture fixture)
    {
        var subscriber = await fixture.Broker.ConnectAsync(TestTokens.Agent("alice"));
        var publisher = await fixture.Broker.ConnectAsync(TestTokens.Agent("bob"));
        var topic = StompAssert.UniqueTopic("healthy");
        await subscriber.SubscribeAsync(topic, "healthy");
        var pair = new HealthyPair(subscriber, publisher, topic);
        await pair.AssertStillServedAsync();
        return pair;
    }

    /// <summary>Publishes one message and asserts it is the very next frame the subscriber gets, within the timeout.</summary>
    public async Task AssertStillServedAsync()
    {
        var body = "healthy-" + Interlocked.Increment(ref _sent);
        await StompAssert.PublishAsync(_publisher, Topic, body);
        var message = await _subscriber.ReceiveMessageAsync("healthy", TimeSpan.FromSeconds(5));
        Assert.Equal(body, Encoding.UTF8.GetString(message.Body.Span));
        Assert.False(_subscriber.Closed.IsCompleted || _publisher.Closed.IsCompleted, "A healthy connection was closed.");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _subscriber.DisposeAsync();
        await _publisher.DisposeAsync();
    }
}
