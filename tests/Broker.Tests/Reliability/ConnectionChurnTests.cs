using System.Diagnostics;
using System.Runtime.CompilerServices;
using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.Observability;
using CustomerChat.Broker.Tests.Identity;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Stomp;
using CustomerChat.Protocol;
using Xunit.Abstractions;

namespace CustomerChat.Broker.Tests.Reliability;

/// <summary>
/// 1,000 connections opened, subscribed and closed (issue 7): afterwards no connection, session, per-user or
/// per-address count, subscription key or connection object is left behind, and the managed heap is back
/// where it started. A healthy pair is served throughout.
/// </summary>
[Collection(MemoryCollection.Name)]
public sealed class ConnectionChurnTests(ITestOutputHelper output)
{
    private const int Connections = 1000;
    private const int Wave = 50;
    private const int Users = 10;

    [Fact]
    public async Task AThousandConnectionsOpenedAndClosedLeaveNothingBehind()
    {
        await using var broker = await BrokerHost.StartAsync(
            "CustomerChat:Limits:MaxConnectionsPerAddress=5000",
            "CustomerChat:Limits:MaxConnectionsPerUser=5000",
            "CustomerChat:Conversations:PresenceGrace=00:00:00.100");
        var connections = broker.Services.GetRequiredService<ConnectionRegistry>();
        var subscriptions = broker.Services.GetRequiredService<SubscriptionRegistry>();
        using var recorder = new MetricsRecorder(broker.Services.GetRequiredService<BrokerMetrics>());
        var fixture = new HostFixture(broker);
        await using var healthy = await HealthyPair.StartAsync(fixture);
        var baseConnections = connections.Count;
        var baseKeys = subscriptions.KeyCount;
        var before = MemoryProbe.Measure();

        // Two rounds: the first warms pools (Kestrel's memory pool, ArrayPool, the JIT), the second shows that
        // coming and going leaves nothing per connection behind.
        var afters = new List<MemoryProbe>();
        for (var round = 1; round <= 2; round++)
        {
            // Open all 1,000 (in waves), each CONNECTed as one of ten agents and subscribed to a shared topic, its
            // own topic and its error queue.
            var clock = Stopwatch.StartNew();
            var clients = new List<RawStompSocket>(Connections);
            for (var wave = 0; wave < Connections / Wave; wave++)
            {
                clients.AddRange(await Task.WhenAll(Enumerable.Range(wave * Wave, Wave).Select(OpenAsync)));
            }

            var openTime = clock.Elapsed;
            Assert.Equal(baseConnections + Connections, connections.Count);
            Assert.True(subscriptions.KeyCount >= baseKeys + Connections, $"{subscriptions.KeyCount} subscription keys");
            await healthy.AssertStillServedAsync();
            var open = MemoryProbe.Measure();
            var tracked = Track(connections);

            // Close them three ways: DISCONNECT with receipt, a WebSocket close without DISCONNECT, an abrupt abort.
            clock.Restart();
            for (var wave = 0; wave < Connections / Wave; wave++)
            {
                await Task.WhenAll(clients.Skip(wave * Wave).Take(Wave).Select((client, i) => CloseAsync(client, wave * Wave + i)));
            }

            await StompAssert.EventuallyAsync(() => connections.Count == baseConnections, TimeSpan.FromSeconds(30),
                $"every connection leaves the registry ({connections.Count - baseConnections} left)");
            var closeTime = clock.Elapsed;
            await StompAssert.EventuallyAsync(() => subscriptions.KeyCount == baseKeys, TimeSpan.FromSeconds(10),
                $"every subscription key is removed ({subscriptions.KeyCount - baseKeys} left)");
            for (var u = 0; u < Users; u++)
            {
                Assert.Equal(0, connections.SessionCount($"churn-{u}"));
            }

            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            clients.Clear();
            await healthy.AssertStillServedAsync();

            // The address count is back too: a fresh upgrade from the same address is accepted.
            Assert.Equal(System.Net.HttpStatusCode.SwitchingProtocols, await StompAssert.UpgradeStatusAsync(broker.WebSocketUri, origin: null));
            Assert.Equal(round * (Connections + 1), recorder.Total("connections.closed", "reason", "client_disconnected") // + the upgrade just above
                + recorder.Total("connections.closed", "reason", "client_closed")
                + recorder.Total("connections.closed", "reason", "transport_closed"));

            // Every connection object is collected.
            await StompAssert.EventuallyAsync(() => { MemoryProbe.Measure(); return tracked.All(w => !w.IsAlive); }, TimeSpan.FromSeconds(15),
                "every closed connection is garbage collected");
            var after = MemoryProbe.Measure();
            afters.Add(after);

            output.WriteLine($"round {round}: opened {Connections} connections (CONNECT + 3 SUBSCRIBE each) in {openTime.TotalSeconds:0.0} s, closed them in {closeTime.TotalSeconds:0.0} s");
            output.WriteLine($"  with {Connections} open (broker and test clients in one process): {open}; " +
                $"{(open.ManagedBytes - before.ManagedBytes) / Connections / 1024.0:0.0} KiB managed per connection, both ends");
            output.WriteLine($"  after closing: {after} (managed delta from before: {MemoryProbe.MiB(after.ManagedBytes - before.ManagedBytes)})");
        }

        output.WriteLine($"before: {before}");
        Assert.True(afters[0].ManagedBytes - before.ManagedBytes < 4 * 1024 * 1024,
            $"Managed heap grew by {MemoryProbe.MiB(afters[0].ManagedBytes - before.ManagedBytes)} after {Connections} connections came and went.");
        Assert.True(afters[1].ManagedBytes - afters[0].ManagedBytes < 1024 * 1024,
            $"Managed heap grew by {MemoryProbe.MiB(afters[1].ManagedBytes - afters[0].ManagedBytes)} in a second round of {Connections} connections.");

        async Task<RawStompSocket> OpenAsync(int i)
        {
            var client = await RawStompSocket.OpenAsync(broker.WebSocketUri);
            var connected = await client.ConnectAsync(TestTokens.Agent($"churn-{i % Users}"));
            Assert.Equal(StompCommand.Connected, connected.Command);
            await client.SendFrameAsync(new StompFrame(StompCommand.Subscribe).With("destination", "/topic/churn-shared").With("id", "a"));
            await client.SendFrameAsync(new StompFrame(StompCommand.Subscribe).With("destination", $"/topic/churn-{i}").With("id", "b"));
            await client.SendFrameAsync(new StompFrame(StompCommand.Subscribe).With("destination", "/user/queue/errors").With("id", "c").With("receipt", "subscribed"));
            var receipt = await client.ReadFrameAsync();
            Assert.Equal("subscribed", receipt["receipt-id"]);
            return client;
        }
    }

    private static async Task CloseAsync(RawStompSocket client, int i)
    {
        switch (i % 3)
        {
            case 0:
                await client.DisconnectAsync();
                break;
            case 1:
                await client.CloseAsync();
                break;
            default:
                client.Abort();
                break;
        }
    }

    /// <summary>Weak references to the open connections except the healthy pair's (no strong reference stays on this frame).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference> Track(ConnectionRegistry registry) =>
        [.. registry.All.Where(c => c.Session.User?.UserId.StartsWith("churn-", StringComparison.Ordinal) == true).Select(c => new WeakReference(c))];

    /// <summary>Lends a started broker to <see cref="HealthyPair"/>, which takes a fixture.</summary>
    private sealed class HostFixture : BrokerFixture
    {
        public HostFixture(BrokerHost broker) => typeof(BrokerFixture).GetProperty(nameof(Broker))!.SetValue(this, broker);
    }
}
