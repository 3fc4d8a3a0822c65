using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.Observability;
using CustomerChat.Broker.Tests.Identity;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Stomp;
using CustomerChat.Protocol;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace CustomerChat.Broker.Tests.Reliability;

/// <summary>
/// Slow consumers (issues 7 and 17, docs/protocol.md §2): a subscriber that keeps reading is kept through a burst
/// below the hard cap however many publishers write to it; one that stops reading is dropped once its oldest queued
/// frame has waited past <c>SlowConsumerTimeout</c> (on a fake clock: exactly then), or at once when its queue would
/// pass <c>OutboundQueueBytes</c>; a healthy subscriber of the same busy topic gets every message on time, and the
/// dropped connection's memory is given back (the connection object itself is collected).
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
    public async Task AClientThatStopsReadingIsDroppedAtTheHardCapWhileASubscriberOfTheSameTopicKeepsUp()
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
        await StompAssert.EventuallyAsync(() => recorder.Total("connections.closed", "reason", "slow_consumer") == 1, TimeSpan.FromSeconds(5), "its close is counted");
        Assert.Equal(1, recorder.Total("drops", "reason", "slow_consumer"));
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

    [Fact]
    public async Task AReadingSubscriberIsKeptThroughAThreeMiBBurstFromEightPublishers()
    {
        const int Publishers = 8, PerPublisher = 48; // 8 × 48 × 8 KiB = 3 MiB: three times the old 1 MiB cap, below the 4 MiB default
        // The broker's sockets get a fixed 32 KiB send buffer (accepted sockets inherit the listener's), so the burst
        // waits in the broker's queue, not in a kernel buffer that autotuning may grow to megabytes.
        await using var broker = await BrokerHost.StartAsync(
            services => services.Configure<SocketTransportOptions>(o => o.CreateBoundListenSocket = endpoint =>
            {
                var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
                socket.SendBufferSize = 32 * 1024;
                return socket;
            }),
            "CustomerChat:Limits:SendsPerSecondPerConnection=100000",
            "CustomerChat:Limits:SlowConsumerTimeout=00:01:00"); // the burst must meet the byte cap, not the clock of a busy machine
        Assert.Equal(4 * 1024 * 1024, broker.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CustomerChat.Broker.Options.CustomerChatOptions>>().Value.Limits.OutboundQueueBytes);
        var registry = broker.Services.GetRequiredService<ConnectionRegistry>();
        using var recorder = new MetricsRecorder(broker.Services.GetRequiredService<BrokerMetrics>());
        var topic = StompAssert.UniqueTopic("burst");

        // The reader: a small TCP receive buffer, so the burst waits in the broker's queue rather than in the kernel's.
        await using var reader = await RawStompSocket.OpenAsync(broker.WebSocketUri, tcpReceiveBuffer: 4096);
        var readerId = (await reader.ConnectAsync(TestTokens.Agent("reader")))["session"]!;
        await reader.SendFrameAsync(new StompFrame(StompCommand.Subscribe).With("destination", topic).With("id", "s").With("receipt", "sub"));
        Assert.Equal("sub", (await reader.ReadFrameAsync())["receipt-id"]);
        var readerConnection = registry.All.Single(c => c.Context.ConnectionId == readerId);

        var publishers = new List<StompTestClient>();
        for (var p = 0; p < Publishers; p++)
        {
            publishers.Add(await broker.ConnectAsync(TestTokens.Agent($"pub{p}")));
        }

        try
        {
            // All eight at once; the reader reads nothing until every publish is receipted (the whole burst is queued).
            var body = Encoding.ASCII.GetBytes(new string('b', BodyBytes));
            await Task.WhenAll(publishers.Select(async (publisher, p) =>
            {
                for (var i = 0; i < PerPublisher; i++)
                {
                    var frame = new StompFrame(StompCommand.Send, new StompHeaders(), body).With("destination", topic).With("x-seq", $"{p}/{i}");
                    await (i == PerPublisher - 1 ? publisher.SendWithReceiptAsync(frame) : publisher.SendAsync(frame));
                }
            }));
            var queued = readerConnection.Outbox.QueuedBytes;
            output.WriteLine($"queued for the reader after the burst: {MemoryProbe.MiB(queued)}");
            Assert.True(queued > 1024 * 1024, $"Only {queued} bytes were queued: the burst did not pass the old 1 MiB cap.");

            // It reads now: every message, each publisher's in order, and it is still connected.
            var next = new int[Publishers];
            for (var n = 0; n < Publishers * PerPublisher; n++)
            {
                var message = await reader.ReadFrameAsync();
                Assert.Equal(StompCommand.Message, message.Command);
                var parts = message["x-seq"]!.Split('/');
                var p = int.Parse(parts[0]);
                Assert.Equal(next[p]++, int.Parse(parts[1]));
            }

            Assert.False(readerConnection.IsClosing);
            Assert.Equal(0, recorder.Total("drops", "reason", "slow_consumer"));
            await reader.SendFrameAsync(new StompFrame(StompCommand.Subscribe).With("destination", topic + "-2").With("id", "s2").With("receipt", "still-here"));
            Assert.Equal("still-here", (await reader.ReadFrameAsync())["receipt-id"]);
        }
        finally
        {
            foreach (var publisher in publishers)
            {
                await publisher.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AStoppedReaderIsDroppedExactlyWhenItsOldestQueuedFrameWaitedPastTheTimeout()
    {
        var (broker, clock) = await StartWithFakeClockAsync("stall-exact");
        await using var _ = broker;
        var registry = broker.Services.GetRequiredService<ConnectionRegistry>();
        using var recorder = new MetricsRecorder(broker.Services.GetRequiredService<BrokerMetrics>());
        await using var publisher = await broker.ConnectAsync(TestTokens.Agent("bob"));
        var (slow, connection, topic) = await StallAsync(broker, registry, publisher);
        await using var __ = slow;

        // Exactly the timeout: still kept, and a delivery is still taken.
        await StompAssert.WritersIdleAsync(registry, except: connection);
        clock.Advance(SlowConsumerTimeout);
        await StompAssert.PublishAsync(publisher, topic, "at the limit");
        Assert.False(connection.IsClosing);
        Assert.Equal(0, recorder.Total("drops", "reason", "slow_consumer"));

        // One tick later the next delivery finds the oldest frame too old: dropped, counted once.
        await StompAssert.WritersIdleAsync(registry, except: connection);
        clock.Advance(TimeSpan.FromTicks(1));
        await StompAssert.PublishAsync(publisher, topic, "past the limit");
        Assert.True(connection.IsClosing);
        Assert.Equal("slow consumer", connection.CloseReason);
        Assert.Equal(1, recorder.Total("drops", "reason", "slow_consumer"));
        await StompAssert.EventuallyAsync(() => recorder.Total("connections.closed", "reason", "slow_consumer") == 1, TimeSpan.FromSeconds(15), "the stopped reader is closed");
        Assert.DoesNotContain(connection, registry.All);
        Assert.Equal(1, recorder.Total("drops", "reason", "slow_consumer"));
        AssertOneDropLine("stall-exact", connection.Context.ConnectionId);
    }

    [Fact]
    public async Task AStoppedReaderThatGetsNoFurtherDeliveriesIsDroppedByTheMonitorOnceTheTimeoutPasses()
    {
        var (broker, clock) = await StartWithFakeClockAsync("stall-quiet");
        await using var _ = broker;
        var registry = broker.Services.GetRequiredService<ConnectionRegistry>();
        using var recorder = new MetricsRecorder(broker.Services.GetRequiredService<BrokerMetrics>());
        await using var publisher = await broker.ConnectAsync(TestTokens.Agent("bob"));
        var (slow, connection, _) = await StallAsync(broker, registry, publisher);
        await using var __ = slow;
        Assert.False(connection.IsClosing);

        // Nothing more is published: the heart-beat monitor's tick finds the stalled queue.
        await StompAssert.WritersIdleAsync(registry, except: connection);
        clock.Advance(SlowConsumerTimeout + TimeSpan.FromMilliseconds(100));
        await StompAssert.EventuallyAsync(() => connection.IsClosing, TimeSpan.FromSeconds(10), "the monitor drops the stopped reader");
        Assert.Equal("slow consumer", connection.CloseReason);
        Assert.Equal(1, recorder.Total("drops", "reason", "slow_consumer"));
        AssertOneDropLine("stall-quiet", connection.Context.ConnectionId);
    }

    private static readonly TimeSpan SlowConsumerTimeout = TimeSpan.FromSeconds(10);

    private static async Task<(BrokerHost Broker, FakeTimeProvider Clock)> StartWithFakeClockAsync(string logKey)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var broker = await BrokerHost.StartAsync(
            services => services.AddSingleton<TimeProvider>(clock),
            [
                "CustomerChat:Limits:SendsPerSecondPerConnection=100000",
                $"CustomerChat:Limits:SlowConsumerTimeout={SlowConsumerTimeout}",
                .. LogCapture.Settings(logKey),
            ]);
        return (broker, clock);
    }

    /// <summary>
    /// A client that subscribes and never reads again (small TCP receive buffer), and a publisher that writes to it
    /// until more than a write batch waits in its outbox, all at one instant of the fake clock. Below the hard cap.
    /// </summary>
    private static async Task<(RawStompSocket Slow, StompConnection Connection, string Topic)> StallAsync(BrokerHost broker, ConnectionRegistry registry, StompTestClient publisher)
    {
        var topic = StompAssert.UniqueTopic("stall");
        var slow = await RawStompSocket.OpenAsync(broker.WebSocketUri, tcpReceiveBuffer: 4096);
        var slowId = (await slow.ConnectAsync(TestTokens.Agent("sloth")))["session"]!;
        await slow.SendFrameAsync(new StompFrame(StompCommand.Subscribe).With("destination", topic).With("id", "s").With("receipt", "sub"));
        Assert.Equal("sub", (await slow.ReadFrameAsync())["receipt-id"]);
        var connection = registry.All.Single(c => c.Context.ConnectionId == slowId);
        var body = new string('m', BodyBytes);
        for (var sent = 0; connection.Outbox.QueuedBytes < 64 * 1024; sent++)
        {
            Assert.True(sent < 400, "3 MiB published and still nothing waits in the stopped reader's queue.");
            await StompAssert.PublishAsync(publisher, topic, body);
        }

        Assert.False(connection.IsClosing);
        return (slow, connection, topic);
    }

    private static void AssertOneDropLine(string logKey, string connectionId)
    {
        var lines = LogCapture.Events(logKey).Select(e => e.RenderMessage()).Where(m => m.Contains(connectionId, StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count(m => m.Contains("dropped", StringComparison.Ordinal) && m.Contains("slow consumer", StringComparison.Ordinal)) == 1,
            "Expected one 'dropped: slow consumer' line for the connection; its lines:\n" + string.Join("\n", lines));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Track(ConnectionRegistry registry, string connectionId) =>
        new(registry.All.Single(c => c.Context.ConnectionId == connectionId));
}
