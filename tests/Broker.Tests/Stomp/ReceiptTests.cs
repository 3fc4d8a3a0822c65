using System.Net.WebSockets;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Stomp;

/// <summary>RECEIPT on client frames, UNSUBSCRIBE, and DISCONNECT (STOMP 1.2 §"RECEIPT", §"DISCONNECT").</summary>
public sealed class ReceiptTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task SendSubscribeUnsubscribeBeginCommitAndAbortEachGetTheirReceipt()
    {
        var topic = StompAssert.UniqueTopic();
        await using var client = await fixture.ConnectAgentAsync();
        await client.SendWithReceiptAsync(new StompFrame(StompCommand.Subscribe).With("destination", topic).With("id", "s"));
        await client.SendWithReceiptAsync(new StompFrame(StompCommand.Send).With("destination", topic));
        await client.SendWithReceiptAsync(new StompFrame(StompCommand.Begin).With("transaction", "t1"));
        await client.SendWithReceiptAsync(new StompFrame(StompCommand.Send).With("destination", topic).With("transaction", "t1"));
        await client.SendWithReceiptAsync(new StompFrame(StompCommand.Commit).With("transaction", "t1"));
        await client.SendWithReceiptAsync(new StompFrame(StompCommand.Begin).With("transaction", "t2"));
        await client.SendWithReceiptAsync(new StompFrame(StompCommand.Abort).With("transaction", "t2"));
        await client.SendWithReceiptAsync(new StompFrame(StompCommand.Unsubscribe).With("id", "s"));

        // The two SENDs (one direct, one committed) reached the subscription before it went away.
        Assert.Equal(StompCommand.Message, (await client.ReceiveMessageAsync("s")).Command);
        Assert.Equal(StompCommand.Message, (await client.ReceiveMessageAsync("s")).Command);
    }

    [Fact]
    public async Task ReceiptIdEchoesTheReceiptHeaderExactly()
    {
        await using var client = await fixture.ConnectAgentAsync();
        const string receipt = "weird:id with spaces\\and\nnewline";
        await client.SendAsync(new StompFrame(StompCommand.Subscribe).With("destination", StompAssert.UniqueTopic()).With("id", "s").With("receipt", receipt));
        var frame = await client.ReceiveAsync();
        Assert.Equal(StompCommand.Receipt, frame.Command);
        Assert.Equal(receipt, frame["receipt-id"]);
    }

    [Fact]
    public async Task UnsubscribeStopsDelivery()
    {
        var topic = StompAssert.UniqueTopic("unsub");
        var marker = StompAssert.UniqueTopic("marker");
        await using var subscriber = await fixture.ConnectAgentAsync();
        await subscriber.SubscribeAsync(topic, "s");
        await subscriber.SubscribeAsync(marker, "m");
        await using var publisher = await fixture.ConnectAgentAsync("bob");

        await StompAssert.PublishAsync(publisher, topic, "before");
        Assert.Equal("before", StompTestClientBody(await subscriber.ReceiveMessageAsync("s")));

        await subscriber.SendWithReceiptAsync(new StompFrame(StompCommand.Unsubscribe).With("id", "s"));
        await StompAssert.PublishAsync(publisher, topic, "after");
        await StompAssert.NothingDeliveredBeforeMarkerAsync(subscriber, publisher, marker, "m");
    }

    [Fact]
    public async Task TheSubscriptionIdCanBeReusedAfterUnsubscribe()
    {
        var first = StompAssert.UniqueTopic();
        var second = StompAssert.UniqueTopic();
        await using var client = await fixture.ConnectAgentAsync();
        await client.SubscribeAsync(first, "s");
        await client.SendWithReceiptAsync(new StompFrame(StompCommand.Unsubscribe).With("id", "s"));
        await client.SubscribeAsync(second, "s");
        await StompAssert.PublishAsync(client, second, "hi");
        var message = await client.ReceiveMessageAsync("s");
        Assert.Equal(second, message["destination"]);
    }

    [Fact]
    public async Task DuplicateSubscriptionIdIsAProtocolErrorWithReceiptId()
    {
        await using var client = await fixture.ConnectAgentAsync();
        await client.SubscribeAsync(StompAssert.UniqueTopic(), "dup");
        await client.SendAsync(new StompFrame(StompCommand.Subscribe).With("destination", StompAssert.UniqueTopic()).With("id", "dup").With("receipt", "r-dup"));
        var error = await StompAssert.NextIsErrorThenCloseAsync(client);
        Assert.Equal("r-dup", error["receipt-id"]);
        Assert.Contains("dup", error["message"]);
    }

    [Fact]
    public async Task DisconnectWithReceiptGetsTheReceiptThenANormalClose()
    {
        await using var client = await fixture.ConnectAgentAsync();
        await client.SendAsync(new StompFrame(StompCommand.Disconnect).With("receipt", "bye"));
        var receipt = await client.ReceiveAsync();
        Assert.Equal(StompCommand.Receipt, receipt.Command);
        Assert.Equal("bye", receipt["receipt-id"]);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await client.WaitForCloseAsync());
    }

    [Fact]
    public async Task DisconnectWithoutReceiptClosesNormally()
    {
        await using var client = await fixture.ConnectAgentAsync();
        await client.SendAsync(new StompFrame(StompCommand.Disconnect));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await client.WaitForCloseAsync());
    }

    [Fact]
    public async Task DisconnectRemovesTheSessionsSubscriptions()
    {
        var topic = StompAssert.UniqueTopic("gone");
        var registry = fixture.Broker.Services.GetRequiredService<CustomerChat.Broker.Stomp.SubscriptionRegistry>();
        await using (var client = await fixture.ConnectAgentAsync())
        {
            await client.SubscribeAsync(topic, "s");
            Assert.True(registry.HasSubscribers(topic));
            await client.SendAsync(new StompFrame(StompCommand.Disconnect).With("receipt", "bye"));
            await client.ExpectReceiptAsync("bye");
            await client.WaitForCloseAsync();
        }

        await StompAssert.EventuallyAsync(() => !registry.HasSubscribers(topic), TimeSpan.FromSeconds(10), "the closed session's subscription is removed");
    }

    private static string StompTestClientBody(StompFrame frame) => Infrastructure.StompTestClient.BodyText(frame);
}
