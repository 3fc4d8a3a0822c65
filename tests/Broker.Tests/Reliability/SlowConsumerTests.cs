using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.Observability;
using CustomerChat.Broker.Tests.Identity;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Stomp;
using CustomerChat.Protocol;
using Xunit.Abstractions;

namespace CustomerChat.Broker.Tests.Reliability;

/// <summary>
/// A client that stops reading (issue 7): its outbound queue stays within <c>OutboundQueueBytes</c>, it is dropped
/// as a slow consumer, a healthy subscriber of the same busy topic gets every message on time, and the dropped
/// connection's memory is given back (the connection object itself is collected).
/// </summary>
[Collection(MemoryCollection.Name)]
public sealed class SlowConsumerTests(ITestOutputHelper output)
{
    private const int QueueBytes = 256 * 1024;
    private const int QueueFrames = 1000;
    private const int BodyBytes = 8 * 1024;
    private const int MaxMessages = 4000; // 32 MiB: far more than socket buffers and the queue can hold
    private const int Batch = 10; // 80 KiB in flight at a time: well inside a healthy reader's queue

    [Fact]
    public async Task AClientThatStopsReadingIsDroppedAsSlowConsumerWhileASubscriberOfTheSameTopicKeepsUp()
    {
        await using var broker = await BrokerHost.StartAsync(
            $"CustomerChat:Limits:OutboundQueueBytes={QueueBytes}",
            $"CustomerChat:Limits:OutboundQueueFrames={QueueFrames}",
            "CustomerChat:Limits:SendsPerSecondPerConnection=100000",
            "CustomerChat:Limits:MaxConnectionsPerUser=1000");
        var registry = broker.Services.GetRequiredService<ConnectionRegistry>();
        using var recorder = new MetricsRecorder(broker.Services.GetRequiredService<BrokerMetrics>());
        var topic = StompAssert.UniqueTopic("busy");

        await using var subscriber = await broker.ConnectAsync(TestTokens.Agent("alice"));
        await subscriber.SubscribeAsync(topic, "busy");
        await using var publisher = await broker.ConnectAsync(TestTokens.Agent("bob"));
        await using var otherSubscriber = await broker.ConnectAsync(TestTokens.Agent("dave"));
        var otherTopic = StompAssert.UniqueTopic("quiet");
        await otherSubscriber.SubscribeAsync(otherTopic, "quiet");

        var before = MemoryProbe.Measure();

        // The slow client: a small TCP receive buffer, reads CONNECTED and its RECEIPT, then never reads again.
        var slow = await RawStompSocket.OpenAsync(broker.WebSocketUri, tcpReceiveBuffer: 4096);
        var connected = await slow.ConnectAsync(TestTokens.Agent("sloth"));
        await slow.SendFrameAsync(new StompFrame(StompCommand.Subscribe).With("destination", topic).With("id", "s").With("receipt", "sub"));
        Assert.Equal("sub", (await slow.ReadFrameAsync())["receipt-id"]);
        var slowId = connected["session"]!;
        var weak = Track(registry, slowId);

        var body = new string('m', BodyBytes);
        long maxQueued = 0, maxFrames = 0, peakManaged = 0;
        var sent = 0;
        var latencies = new List<TimeSpan>();
        while (sent < MaxMessages && registry.All.Any(c => c.Context.ConnectionId == slowId && !c.IsClosing))
        {
            for (var i = 0; i < Batch; i++)
            {
                var frame = new StompFrame(StompCommand.Send, new StompHeaders(), Encoding.ASCII.GetBytes(body)).With("destination", topic).With("x-seq", (sent + i).ToString());
                if (i == Batch - 1)
                {
                    await publisher.SendWithReceiptAsync(frame);
                }
                else
                {
                    await publisher.SendAsync(frame);
                }
            }

            // The healthy subscriber keeps up: every message of the batch, in order, each within the timeout.
            var started = DateTime.UtcNow;
            for (var i = 0; i < Batch; i++)
            {
                var message = await subscriber.ReceiveMessageAsync("busy", TimeSpan.FromSeconds(5));
                Assert.Equal((sent + i).ToString(), message["x-seq"]);
            }

            latencies.Add(DateTime.UtcNow - started);
            sent += Batch;
            foreach (var connection in registry.All)
            {
                if (connection.Context.ConnectionId == slowId)
                {
                    maxQueued = Math.Max(maxQueued, connection.Outbox.QueuedBytes);
                    maxFrames = Math.Max(maxFrames, connection.Outbox.QueuedFrames);
                }
            }

            peakManaged = Math.Max(peakManaged, MemoryProbe.ManagedNow());
        }

        // Dropped: gone from the registry within the close grace (the ERROR cannot reach a client that does not read).
        await StompAssert.EventuallyAsync(() => registry.All.All(c => c.Context.ConnectionId != slowId), TimeSpan.FromSeconds(15), "the slow consumer is dropped");
        Assert.True(sent < MaxMessages, $"The slow consumer was still connected after {sent} messages of {BodyBytes} bytes.");
        Assert.Equal(1, recorder.Total("drops", "reason", "slow_consumer"));
        Assert.Equal(1, recorder.Total("connections.closed", "reason", "slow_consumer"));
        await slow.DisposeAsync();

        // Its queue never passed the limit (one delivery may be counted while it is being refused).
        Assert.InRange(maxQueued, 0, QueueBytes + BodyBytes + 1024);
        Assert.InRange(maxFrames, 0, QueueFrames);

        // Others: a subscriber of another topic is served at once, the busy one too.
        await StompAssert.PublishAsync(publisher, otherTopic, "still here");
        Assert.Equal("still here", StompTestClient.BodyText(await otherSubscriber.ReceiveMessageAsync("quiet", TimeSpan.FromSeconds(5))));
        await StompAssert.PublishAsync(publisher, topic, "after the drop");
        Assert.Equal("after the drop", StompTestClient.BodyText(await subscriber.ReceiveMessageAsync("busy", TimeSpan.FromSeconds(5))));

        // Memory comes back: the connection object (its outbox, session, subscriptions) is collected.
        var after = MemoryProbe.Measure();
        await StompAssert.EventuallyAsync(() => { MemoryProbe.Measure(); return !weak.IsAlive; }, TimeSpan.FromSeconds(10), "the dropped connection is garbage collected");

        output.WriteLine($"slow consumer dropped after {sent} messages of {BodyBytes} B ({MemoryProbe.MiB((long)sent * BodyBytes)} published)");
        output.WriteLine($"largest queue seen for it: {maxQueued} B, {maxFrames} frames (limits {QueueBytes} B, {QueueFrames} frames)");
        output.WriteLine($"healthy subscriber: slowest batch of {Batch} took {latencies.Max().TotalMilliseconds:0} ms");
        output.WriteLine($"memory before the slow client: {before}");
        output.WriteLine($"peak managed heap during the flood: {MemoryProbe.MiB(peakManaged)}");
        output.WriteLine($"memory after the drop: {after} (managed delta {MemoryProbe.MiB(after.ManagedBytes - before.ManagedBytes)})");
        Assert.True(after.ManagedBytes - before.ManagedBytes < 4 * 1024 * 1024,
            $"Managed heap grew by {MemoryProbe.MiB(after.ManagedBytes - before.ManagedBytes)} after the slow consumer was dropped.");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Track(ConnectionRegistry registry, string connectionId) =>
        new(registry.All.Single(c => c.Context.ConnectionId == connectionId));
}
