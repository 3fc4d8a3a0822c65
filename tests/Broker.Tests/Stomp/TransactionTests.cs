using System.Diagnostics.Metrics;
using CustomerChat.Broker.Observability;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Stomp;

/// <summary>BEGIN / COMMIT / ABORT (STOMP 1.2 §"BEGIN", docs/protocol.md §2: effects only at COMMIT).</summary>
public sealed class TransactionTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task SendsInsideATransactionAreDeliveredOnlyAtCommitInOrder()
    {
        var topic = StompAssert.UniqueTopic("tx");
        var marker = StompAssert.UniqueTopic("marker");
        await using var subscriber = await fixture.ConnectAgentAsync();
        await subscriber.SubscribeAsync(topic, "s");
        await subscriber.SubscribeAsync(marker, "m");
        await using var publisher = await fixture.ConnectAgentAsync("bob");

        await publisher.SendWithReceiptAsync(new StompFrame(StompCommand.Begin).With("transaction", "tx-1"));
        for (var i = 1; i <= 3; i++)
        {
            await publisher.SendTextAsync(topic, $"t{i}", headers: ("transaction", "tx-1"));
        }

        // A SEND outside the transaction goes at once; the transaction's do not.
        await StompAssert.PublishAsync(publisher, topic, "outside");
        Assert.Equal("outside", StompTestClient.BodyText(await subscriber.ReceiveMessageAsync("s")));
        await StompAssert.NothingDeliveredBeforeMarkerAsync(subscriber, publisher, marker, "m");

        await publisher.SendWithReceiptAsync(new StompFrame(StompCommand.Commit).With("transaction", "tx-1"));
        Assert.Equal(["t1", "t2", "t3"], await StompAssert.ReceiveBodiesAsync(subscriber, "s", 3));
        await StompAssert.NothingDeliveredBeforeMarkerAsync(subscriber, publisher, marker, "m");
    }

    [Fact]
    public async Task AbortDropsTheTransactionsSends()
    {
        var topic = StompAssert.UniqueTopic("abort");
        await using var subscriber = await fixture.ConnectAgentAsync();
        await subscriber.SubscribeAsync(topic, "s");
        await using var publisher = await fixture.ConnectAgentAsync("bob");

        await publisher.SendWithReceiptAsync(new StompFrame(StompCommand.Begin).With("transaction", "tx-a"));
        await publisher.SendTextAsync(topic, "dropped-1", headers: ("transaction", "tx-a"));
        await publisher.SendTextAsync(topic, "dropped-2", headers: ("transaction", "tx-a"));
        await publisher.SendWithReceiptAsync(new StompFrame(StompCommand.Abort).With("transaction", "tx-a"));

        // The marker shares the topic: it must be the first thing the subscriber ever sees there.
        await StompAssert.NothingDeliveredBeforeMarkerAsync(subscriber, publisher, topic, "s");

        // The aborted name is gone: committing it now is an error.
        await publisher.SendAsync(new StompFrame(StompCommand.Commit).With("transaction", "tx-a"));
        var error = await StompAssert.NextIsErrorThenCloseAsync(publisher);
        Assert.Contains("tx-a", error["message"]);
    }

    [Fact]
    public async Task TwoTransactionsOfOneSessionAreIndependent()
    {
        var topic = StompAssert.UniqueTopic("two");
        await using var subscriber = await fixture.ConnectAgentAsync();
        await subscriber.SubscribeAsync(topic, "s");
        await using var publisher = await fixture.ConnectAgentAsync("bob");

        await publisher.SendWithReceiptAsync(new StompFrame(StompCommand.Begin).With("transaction", "a"));
        await publisher.SendWithReceiptAsync(new StompFrame(StompCommand.Begin).With("transaction", "b"));
        await publisher.SendTextAsync(topic, "a1", headers: ("transaction", "a"));
        await publisher.SendTextAsync(topic, "b1", headers: ("transaction", "b"));
        await publisher.SendTextAsync(topic, "a2", headers: ("transaction", "a"));
        await publisher.SendWithReceiptAsync(new StompFrame(StompCommand.Abort).With("transaction", "a"));
        await publisher.SendWithReceiptAsync(new StompFrame(StompCommand.Commit).With("transaction", "b"));
        Assert.Equal("b1", StompTestClient.BodyText(await subscriber.ReceiveMessageAsync("s")));
        await StompAssert.NothingDeliveredBeforeMarkerAsync(subscriber, publisher, topic, "s");
    }

    [Fact]
    public async Task CommitOfAnUnknownTransactionIsAnErrorWithReceiptId()
    {
        await using var client = await fixture.ConnectAgentAsync();
        await client.SendAsync(new StompFrame(StompCommand.Commit).With("transaction", "never-begun").With("receipt", "r-commit"));
        var error = await StompAssert.NextIsErrorThenCloseAsync(client);
        Assert.Contains("never-begun", error["message"]);
        Assert.Equal("r-commit", error["receipt-id"]);
    }

    [Fact]
    public async Task SendNamingAnUnknownTransactionIsAnError()
    {
        await using var client = await fixture.ConnectAgentAsync();
        await client.SendTextAsync(StompAssert.UniqueTopic(), "x", headers: ("transaction", "ghost"));
        var error = await StompAssert.NextIsErrorThenCloseAsync(client);
        Assert.Contains("ghost", error["message"]);
    }

    [Fact]
    public async Task BeginTwiceWithTheSameNameIsAnError()
    {
        await using var client = await fixture.ConnectAgentAsync();
        await client.SendWithReceiptAsync(new StompFrame(StompCommand.Begin).With("transaction", "twice"));
        await client.SendAsync(new StompFrame(StompCommand.Begin).With("transaction", "twice"));
        var error = await StompAssert.NextIsErrorThenCloseAsync(client);
        Assert.Contains("twice", error["message"]);
    }

    [Fact]
    public async Task AnOpenTransactionIsDroppedWhenItsConnectionCloses()
    {
        var topic = StompAssert.UniqueTopic("orphan");
        var meter = fixture.Broker.Services.GetRequiredService<BrokerMetrics>().Meter;
        var dropped = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter && instrument.Name == "drops")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason" && (string?)tag.Value == "transaction_aborted")
                {
                    dropped.TrySetResult(value);
                }
            }
        });
        listener.Start();

        await using var subscriber = await fixture.ConnectAgentAsync();
        await subscriber.SubscribeAsync(topic, "s");
        await using var publisher = await fixture.ConnectAgentAsync("bob");
        await using (var doomed = await fixture.ConnectAgentAsync("bob"))
        {
            await doomed.SendWithReceiptAsync(new StompFrame(StompCommand.Begin).With("transaction", "t"));
            await doomed.SendTextAsync(topic, "never", headers: ("transaction", "t"));
            await doomed.SendAsync(new StompFrame(StompCommand.Disconnect).With("receipt", "bye"));
            await doomed.ExpectReceiptAsync("bye");
        }

        // The session's end drops the open transaction (its one SEND) instead of committing it.
        Assert.Equal(1, await dropped.Task.WaitAsync(StompTestClient.Timeout));
        await StompAssert.NothingDeliveredBeforeMarkerAsync(subscriber, publisher, topic, "s");
    }
}
