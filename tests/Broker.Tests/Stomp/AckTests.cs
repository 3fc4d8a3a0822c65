using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Stomp;

/// <summary>Ack modes and <c>prefetch-count</c> (STOMP 1.2 §"SUBSCRIBE ack Header", §"ACK", §"NACK"; docs/protocol.md §2).</summary>
public sealed class AckTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task ClientAckModeWithPrefetchTwoDeliversTwoThenCumulativeAckReleasesMore()
    {
        await using var scene = await Scene.StartAsync(fixture, ("ack", "client"), ("prefetch-count", "2"));
        await scene.PublishAsync(5);

        var m1 = await scene.Subscriber.ReceiveMessageAsync("s");
        var m2 = await scene.Subscriber.ReceiveMessageAsync("s");
        Assert.Equal(["m1", "m2"], new[] { Body(m1), Body(m2) });
        Assert.False(string.IsNullOrEmpty(m1["ack"]));
        Assert.NotEqual(m1["ack"], m2["ack"]);
        await scene.AssertNothingElseDeliveredAsync();

        // ACK of the 2nd covers the 1st too: the window of 2 opens completely.
        await scene.Subscriber.SendWithReceiptAsync(new StompFrame(StompCommand.Ack).With("id", m2["ack"]!));
        var m3 = await scene.Subscriber.ReceiveMessageAsync("s");
        var m4 = await scene.Subscriber.ReceiveMessageAsync("s");
        Assert.Equal(["m3", "m4"], new[] { Body(m3), Body(m4) });
        await scene.AssertNothingElseDeliveredAsync();

        // m1 was acknowledged by the cumulative ACK: acknowledging it again is an error.
        await scene.Subscriber.SendAsync(new StompFrame(StompCommand.Ack).With("id", m1["ack"]!).With("receipt", "r-again"));
        var error = await StompAssert.NextIsErrorThenCloseAsync(scene.Subscriber);
        Assert.Equal("r-again", error["receipt-id"]);
    }

    [Fact]
    public async Task ClientAckOfTheFirstMessageReleasesExactlyOne()
    {
        await using var scene = await Scene.StartAsync(fixture, ("ack", "client"), ("prefetch-count", "2"));
        await scene.PublishAsync(4);
        var m1 = await scene.Subscriber.ReceiveMessageAsync("s");
        var m2 = await scene.Subscriber.ReceiveMessageAsync("s");
        await scene.Subscriber.SendWithReceiptAsync(new StompFrame(StompCommand.Ack).With("id", m1["ack"]!));
        Assert.Equal("m3", Body(await scene.Subscriber.ReceiveMessageAsync("s")));
        await scene.AssertNothingElseDeliveredAsync();
        await scene.Subscriber.SendWithReceiptAsync(new StompFrame(StompCommand.Ack).With("id", m2["ack"]!));
        Assert.Equal("m4", Body(await scene.Subscriber.ReceiveMessageAsync("s")));
    }

    [Fact]
    public async Task ClientIndividualAckOfOneMessageReleasesExactlyOneAndLeavesTheOthersPending()
    {
        await using var scene = await Scene.StartAsync(fixture, ("ack", "client-individual"), ("prefetch-count", "2"));
        await scene.PublishAsync(4);
        var m1 = await scene.Subscriber.ReceiveMessageAsync("s");
        var m2 = await scene.Subscriber.ReceiveMessageAsync("s");
        await scene.AssertNothingElseDeliveredAsync();

        // ACK of m2 alone: m1 stays unacknowledged, so only one slot opens.
        await scene.Subscriber.SendWithReceiptAsync(new StompFrame(StompCommand.Ack).With("id", m2["ack"]!));
        Assert.Equal("m3", Body(await scene.Subscriber.ReceiveMessageAsync("s")));
        await scene.AssertNothingElseDeliveredAsync();

        // m1 is still pending and can be acknowledged on its own.
        await scene.Subscriber.SendWithReceiptAsync(new StompFrame(StompCommand.Ack).With("id", m1["ack"]!));
        Assert.Equal("m4", Body(await scene.Subscriber.ReceiveMessageAsync("s")));
    }

    [Fact]
    public async Task NackSettlesTheMessageAndOpensTheWindow()
    {
        await using var scene = await Scene.StartAsync(fixture, ("ack", "client-individual"), ("prefetch-count", "1"));
        await scene.PublishAsync(2);
        var m1 = await scene.Subscriber.ReceiveMessageAsync("s");
        Assert.Equal("m1", Body(m1));
        await scene.AssertNothingElseDeliveredAsync();

        await scene.Subscriber.SendWithReceiptAsync(new StompFrame(StompCommand.Nack).With("id", m1["ack"]!));
        Assert.Equal("m2", Body(await scene.Subscriber.ReceiveMessageAsync("s")));

        // A NACKed message is settled: it cannot be ACKed afterwards.
        await scene.Subscriber.SendAsync(new StompFrame(StompCommand.Ack).With("id", m1["ack"]!));
        await StompAssert.NextIsErrorThenCloseAsync(scene.Subscriber);
    }

    [Fact]
    public async Task AckOfAnUnknownIdIsAnErrorAndClose()
    {
        await using var client = await fixture.ConnectAgentAsync();
        await client.SubscribeAsync(StompAssert.UniqueTopic(), "s", ("ack", "client"));
        await client.SendAsync(new StompFrame(StompCommand.Ack).With("id", "no-such-ack").With("receipt", "r-ack"));
        var error = await StompAssert.NextIsErrorThenCloseAsync(client);
        Assert.Contains("no-such-ack", error["message"]);
        Assert.Equal("r-ack", error["receipt-id"]);
    }

    [Fact]
    public async Task AckWithoutIdIsAnError()
    {
        await using var client = await fixture.ConnectAgentAsync();
        await client.SendAsync(new StompFrame(StompCommand.Ack));
        var error = await StompAssert.NextIsErrorThenCloseAsync(client);
        Assert.Contains("'id'", error["message"]);
    }

    [Fact]
    public async Task AutoModeMessagesCarryNoAckHeaderAndCannotBeAcked()
    {
        await using var scene = await Scene.StartAsync(fixture);
        await scene.PublishAsync(1);
        var m1 = await scene.Subscriber.ReceiveMessageAsync("s");
        Assert.Null(m1["ack"]);
        await scene.Subscriber.SendAsync(new StompFrame(StompCommand.Ack).With("id", m1["message-id"]!));
        await StompAssert.NextIsErrorThenCloseAsync(scene.Subscriber);
    }

    [Fact]
    public async Task AckInsideATransactionTakesEffectOnlyAtCommit()
    {
        await using var scene = await Scene.StartAsync(fixture, ("ack", "client-individual"), ("prefetch-count", "1"));
        await scene.PublishAsync(2);
        var m1 = await scene.Subscriber.ReceiveMessageAsync("s");
        await scene.Subscriber.SendWithReceiptAsync(new StompFrame(StompCommand.Begin).With("transaction", "t"));
        await scene.Subscriber.SendWithReceiptAsync(new StompFrame(StompCommand.Ack).With("id", m1["ack"]!).With("transaction", "t"));
        await scene.AssertNothingElseDeliveredAsync();
        await scene.Subscriber.SendWithReceiptAsync(new StompFrame(StompCommand.Commit).With("transaction", "t"));
        Assert.Equal("m2", Body(await scene.Subscriber.ReceiveMessageAsync("s")));
    }

    [Fact]
    public async Task Stomp11AcksByMessageIdAndSubscription()
    {
        await using var scene = await Scene.StartAsync(fixture, "1.1", ("ack", "client-individual"), ("prefetch-count", "1"));
        await scene.PublishAsync(2);
        var m1 = await scene.Subscriber.ReceiveMessageAsync("s");
        Assert.Null(m1["ack"]);
        Assert.False(string.IsNullOrEmpty(m1["message-id"]));
        await scene.AssertNothingElseDeliveredAsync();

        await scene.Subscriber.SendWithReceiptAsync(new StompFrame(StompCommand.Ack).With("message-id", m1["message-id"]!).With("subscription", "s"));
        Assert.Equal("m2", Body(await scene.Subscriber.ReceiveMessageAsync("s")));
    }

    [Fact]
    public async Task Stomp11AckNamingTheWrongSubscriptionIsAnError()
    {
        await using var scene = await Scene.StartAsync(fixture, "1.1", ("ack", "client"), ("prefetch-count", "1"));
        await scene.PublishAsync(1);
        var m1 = await scene.Subscriber.ReceiveMessageAsync("s");
        await scene.Subscriber.SendAsync(new StompFrame(StompCommand.Ack).With("message-id", m1["message-id"]!).With("subscription", "m"));
        await StompAssert.NextIsErrorThenCloseAsync(scene.Subscriber);
    }

    [Fact]
    public async Task UnsubscribeForgetsUnacknowledgedMessages()
    {
        await using var scene = await Scene.StartAsync(fixture, ("ack", "client"), ("prefetch-count", "1"));
        await scene.PublishAsync(1);
        var m1 = await scene.Subscriber.ReceiveMessageAsync("s");
        await scene.Subscriber.SendWithReceiptAsync(new StompFrame(StompCommand.Unsubscribe).With("id", "s"));
        await scene.Subscriber.SendAsync(new StompFrame(StompCommand.Ack).With("id", m1["ack"]!));
        await StompAssert.NextIsErrorThenCloseAsync(scene.Subscriber);
    }

    private static string Body(StompFrame frame) => StompTestClient.BodyText(frame);

    /// <summary>A subscriber with subscription <c>s</c> (the ack mode under test) and <c>m</c> (auto, for markers), and a publisher.</summary>
    private sealed class Scene : IAsyncDisposable
    {
        private readonly string _marker;

        private Scene(StompTestClient subscriber, StompTestClient publisher, string topic, string marker)
        {
            Subscriber = subscriber;
            Publisher = publisher;
            Topic = topic;
            _marker = marker;
        }

        public StompTestClient Subscriber { get; }

        public StompTestClient Publisher { get; }

        public string Topic { get; }

        public static Task<Scene> StartAsync(BrokerFixture fixture, params (string, string)[] headers) => StartAsync(fixture, "1.2", headers);

        public static async Task<Scene> StartAsync(BrokerFixture fixture, string version, params (string, string)[] headers)
        {
            var subscriber = await fixture.ConnectAgentAsync("alice", acceptVersion: version);
            var publisher = await fixture.ConnectAgentAsync("bob");
            var topic = StompAssert.UniqueTopic("ack");
            var marker = StompAssert.UniqueTopic("marker");
            await subscriber.SubscribeAsync(topic, "s", headers);
            await subscriber.SubscribeAsync(marker, "m");
            return new Scene(subscriber, publisher, topic, marker);
        }

        /// <summary>Publishes m1…m<paramref name="count"/> and waits until the broker has routed them.</summary>
        public async Task PublishAsync(int count)
        {
            for (var i = 1; i <= count; i++)
            {
                await StompAssert.PublishAsync(Publisher, Topic, $"m{i}");
            }
        }

        public Task AssertNothingElseDeliveredAsync() => StompAssert.NothingDeliveredBeforeMarkerAsync(Subscriber, Publisher, _marker, "m");

        public async ValueTask DisposeAsync()
        {
            await Subscriber.DisposeAsync();
            await Publisher.DisposeAsync();
        }
    }
}
