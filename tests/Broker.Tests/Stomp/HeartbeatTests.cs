using System.Diagnostics;
using System.Net.WebSockets;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Stomp;

/// <summary>Heart-beats both ways (STOMP 1.2 §"Heart-beating", docs/protocol.md §2).</summary>
public sealed class HeartbeatTests(HeartbeatTests.Fixture fixture) : IClassFixture<HeartbeatTests.Fixture>
{
    private BrokerHost Broker => fixture.Broker;

    [Fact]
    public async Task ServerSendsEolHeartbeatsAtTheNegotiatedInterval()
    {
        await using var client = await StompTestClient.OpenAsync(Broker.WebSocketUri);
        var connected = await client.ConnectAsync(Identity.TestTokens.Agent(), heartbeat: "0,200");
        Assert.Equal("100,100", connected["heart-beat"]);

        // max(server cx 100, client cy 200) = at least every 200 ms. The monitor ticks every 100 ms and sends up to
        // one tick early so it is never late, so five heart-beats take between 0.4 s and about a second.
        var clock = Stopwatch.StartNew();
        await StompAssert.EventuallyAsync(() => client.HeartbeatsReceived >= 5, TimeSpan.FromSeconds(10), "five heart-beats from the server");
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(380), $"Heart-beats came far faster than agreed: 5 in {clock.ElapsedMilliseconds} ms");

        // The client never sent anything but CONNECT, yet it offered no heart-beats (cx = 0), so it is not dropped.
        await client.AssertNothingPendingAsync();
    }

    [Fact]
    public async Task ServerSendsNoHeartbeatsWhenTheClientDoesNotWantThem()
    {
        await using var quiet = await StompTestClient.OpenAsync(Broker.WebSocketUri);
        await quiet.ConnectAsync(Identity.TestTokens.Agent(), heartbeat: "0,0");
        await using var beating = await StompTestClient.OpenAsync(Broker.WebSocketUri);
        await beating.ConnectAsync(Identity.TestTokens.Agent(), heartbeat: "0,100");

        // While the other client gets several heart-beats, this one gets none.
        await StompAssert.EventuallyAsync(() => beating.HeartbeatsReceived >= 4, TimeSpan.FromSeconds(10), "heart-beats to the client that asked");
        Assert.Equal(0, quiet.HeartbeatsReceived);
    }

    [Fact]
    public async Task SilentClientIsDroppedWithHeartbeatTimeoutAfterIntervalPlusGrace()
    {
        await using var client = await StompTestClient.OpenAsync(Broker.WebSocketUri);
        var clock = Stopwatch.StartNew();
        var connected = await client.ConnectAsync(Identity.TestTokens.Agent(), heartbeat: "200,0");
        Assert.Equal(StompCommand.Connected, connected.Command);

        // The client promised something every max(200, 100) = 200 ms; grace is 2 s.
        var error = await client.ExpectErrorAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("heart-beat timeout", error["message"]);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(2150), $"Dropped too early, after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await client.WaitForCloseAsync());
    }

    [Fact]
    public async Task ClientThatSendsHeartbeatsInTimeStaysConnectedPastTheInterval()
    {
        // Two clients promise heart-beats; one keeps its promise, the other stays silent. The beating one connects
        // first, so the silent one's drop is the event that proves the interval plus grace has passed for both
        // (the monitor checks every connection on each tick, so a non-beating first client would be dropped no later).
        await using var beating = await StompTestClient.OpenAsync(Broker.WebSocketUri);
        await beating.ConnectAsync(Identity.TestTokens.Agent(), heartbeat: "200,0");
        using var stop = new CancellationTokenSource();
        var beats = BeatAsync(beating, TimeSpan.FromMilliseconds(100), stop.Token);
        try
        {
            await using var silent = await StompTestClient.OpenAsync(Broker.WebSocketUri);
            await silent.ConnectAsync(Identity.TestTokens.Agent(), heartbeat: "200,0");
            var dropped = await silent.ExpectErrorAsync(TimeSpan.FromSeconds(10));
            Assert.Contains("heart-beat timeout", dropped["message"]);

            await beating.AssertNothingPendingAsync();
            Assert.False(beating.Closed.IsCompleted, "The heart-beating client was closed.");
        }
        finally
        {
            await stop.CancelAsync();
            await beats;
        }
    }

    private static async Task BeatAsync(StompTestClient client, TimeSpan every, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await client.SendRawAsync("\n");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public sealed class Fixture : BrokerFixture
    {
        protected override IEnumerable<string> Settings =>
        [
            "CustomerChat:Heartbeat:OutgoingMilliseconds=100",
            "CustomerChat:Heartbeat:IncomingMilliseconds=100",
            // Generous enough that a loaded CI machine (xunit runs classes in parallel on 2 cores) never delays
            // a punctual client's beats past it; the silent client's drop still comes within a few seconds.
            "CustomerChat:Heartbeat:Grace=00:00:02",
        ];
    }
}
