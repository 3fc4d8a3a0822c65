using System.Text;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Stomp;

/// <summary>What a topic SEND turns into for each subscriber: fan-out, bodies, headers (docs/protocol.md §2, §4).</summary>
public sealed class DeliveryTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task EverySubscriberReceivesEveryMessageInOrderWithItsOwnSubscriptionId()
    {
        const int subscriberCount = 5;
        const int messageCount = 30;
        var topic = StompAssert.UniqueTopic("fan");
        var subscribers = new List<StompTestClient>();
        try
        {
            for (var i = 0; i < subscriberCount; i++)
            {
                var client = await fixture.ConnectAgentAsync(i % 2 == 0 ? "alice" : "bob");
                subscribers.Add(client);
                await client.SubscribeAsync(topic, $"sub-{i}");
            }

            await using var publisher = await fixture.ConnectAgentAsync("bob");
            for (var m = 0; m < messageCount; m++)
            {
                await publisher.SendTextAsync(topic, $"m{m}");
            }

            var expected = Enumerable.Range(0, messageCount).Select(m => $"m{m}").ToList();
            for (var i = 0; i < subscriberCount; i++)
            {
                var messageIds = new HashSet<string>();
                for (var m = 0; m < messageCount; m++)
                {
                    var message = await subscribers[i].ReceiveMessageAsync($"sub-{i}");
                    Assert.Equal(expected[m], StompTestClient.BodyText(message));
                    Assert.Equal(topic, message["destination"]);
                    Assert.True(messageIds.Add(message["message-id"]!), "message-id repeated within a subscription");
                }
            }

            // Nothing more than the messages sent.
            foreach (var client in subscribers)
            {
                await client.AssertNothingPendingAsync();
            }
        }
        finally
        {
            foreach (var client in subscribers)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task TheSameMessageHasTheSameMessageIdForEverySubscriber()
    {
        var topic = StompAssert.UniqueTopic();
        await using var a = await fixture.ConnectAgentAsync();
        await using var b = await fixture.ConnectAgentAsync();
        await a.SubscribeAsync(topic, "x");
        await b.SubscribeAsync(topic, "y");
        await using var publisher = await fixture.ConnectAgentAsync();
        await StompAssert.PublishAsync(publisher, topic, "one");
        await StompAssert.PublishAsync(publisher, topic, "two");
        var a1 = await a.ReceiveMessageAsync("x");
        var a2 = await a.ReceiveMessageAsync("x");
        var b1 = await b.ReceiveMessageAsync("y");
        var b2 = await b.ReceiveMessageAsync("y");
        Assert.Equal(a1["message-id"], b1["message-id"]);
        Assert.Equal(a2["message-id"], b2["message-id"]);
        Assert.NotEqual(a1["message-id"], a2["message-id"]);
    }

    [Fact]
    public async Task BinaryBodyWithNulBytesRoundTripsWithContentLengthAndType()
    {
        var topic = StompAssert.UniqueTopic("bin");
        await using var subscriber = await fixture.ConnectAgentAsync();
        await subscriber.SubscribeAsync(topic, "s");
        await using var publisher = await fixture.ConnectAgentAsync("bob");

        var body = new byte[1024];
        new Random(42).NextBytes(body);
        body[0] = 0;
        body[500] = 0;
        body[^1] = 0;
        var frame = new StompFrame(StompCommand.Send, new StompHeaders(), body)
            .With("destination", topic)
            .With("content-type", "application/octet-stream")
            .With("content-length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("receipt", "bin");
        await StompAssert.SendBinaryAsync(publisher, frame);
        await publisher.ExpectReceiptAsync("bin");

        var message = await subscriber.ReceiveMessageAsync("s");
        Assert.Equal(body, message.Body.ToArray());
        Assert.Equal("1024", message["content-length"]);
        Assert.Equal("application/octet-stream", message["content-type"]);
    }

    [Fact]
    public async Task TextBodyIsDeliveredWithContentLengthInBytesAndItsContentType()
    {
        var topic = StompAssert.UniqueTopic();
        await using var subscriber = await fixture.ConnectAgentAsync();
        await subscriber.SubscribeAsync(topic, "s");
        await using var publisher = await fixture.ConnectAgentAsync("bob");
        const string text = "grüße, 世界 🙂";
        await publisher.SendTextAsync(topic, text, "text/plain;charset=utf-8");
        var message = await subscriber.ReceiveMessageAsync("s");
        Assert.Equal(text, StompTestClient.BodyText(message));
        Assert.Equal(Encoding.UTF8.GetByteCount(text).ToString(System.Globalization.CultureInfo.InvariantCulture), message["content-length"]);
        Assert.Equal("text/plain;charset=utf-8", message["content-type"]);
    }

    [Fact]
    public async Task EmptyBodyIsDeliveredAsEmpty()
    {
        var topic = StompAssert.UniqueTopic();
        await using var subscriber = await fixture.ConnectAgentAsync();
        await subscriber.SubscribeAsync(topic, "s");
        await using var publisher = await fixture.ConnectAgentAsync("bob");
        await publisher.SendWithReceiptAsync(new StompFrame(StompCommand.Send).With("destination", topic));
        var message = await subscriber.ReceiveMessageAsync("s");
        Assert.True(message.Body.IsEmpty);
    }

    [Fact]
    public async Task CustomHeadersPassThroughIncludingEscapedCharacters()
    {
        var topic = StompAssert.UniqueTopic("hdr");
        await using var subscriber = await fixture.ConnectAgentAsync();
        await subscriber.SubscribeAsync(topic, "s");
        await using var publisher = await fixture.ConnectAgentAsync("bob");
        await StompAssert.PublishAsync(publisher, topic, "body",
            ("x-trace", "abc-123"),
            ("priority", "7"),
            ("x-odd", "a:b\nc\\d"),
            ("x-trace", "second value, ignored"));

        var message = await subscriber.ReceiveMessageAsync("s");
        Assert.Equal("abc-123", message["x-trace"]);
        Assert.Equal("7", message["priority"]);
        Assert.Equal("a:b\nc\\d", message["x-odd"]);

        // Transport headers of the SEND are not echoed: no receipt, and the broker's own message-id.
        Assert.Null(message["receipt"]);
        Assert.Equal(1, message.Headers.Count(h => h.Key == "x-trace"));
    }

    [Fact]
    public async Task SubscriberDoesNotReceiveMessagesOfOtherTopics()
    {
        var topic = StompAssert.UniqueTopic("mine");
        var other = StompAssert.UniqueTopic("other");
        await using var subscriber = await fixture.ConnectAgentAsync();
        await subscriber.SubscribeAsync(topic, "s");
        await using var publisher = await fixture.ConnectAgentAsync("bob");
        await StompAssert.PublishAsync(publisher, other, "not for you");
        await StompAssert.NothingDeliveredBeforeMarkerAsync(subscriber, publisher, topic, "s");
    }

    [Fact]
    public async Task AFrameSplitAcrossWebSocketMessagesAndSeveralFramesInOneMessageAreBothRead()
    {
        var topic = StompAssert.UniqueTopic();
        await using var subscriber = await fixture.ConnectAgentAsync();
        await subscriber.SubscribeAsync(topic, "s");
        await using var publisher = await fixture.ConnectAgentAsync("bob");

        var two = $"SEND\ndestination:{topic}\n\none\0\nSEND\ndestination:{topic}\n\ntwo\0";
        await publisher.SendRawAsync(two);
        var split = $"SEND\ndestination:{topic}\nreceipt:split\n\nthree\0";
        await publisher.SendRawAsync(split[..7]);
        await publisher.SendRawAsync(split[7..20]);
        await publisher.SendRawAsync(split[20..]);
        await publisher.ExpectReceiptAsync("split");

        Assert.Equal(["one", "two", "three"], await StompAssert.ReceiveBodiesAsync(subscriber, "s", 3));
    }
}
