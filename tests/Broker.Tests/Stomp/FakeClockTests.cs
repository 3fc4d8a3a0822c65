using CustomerChat.Broker.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace CustomerChat.Broker.Tests.Stomp;

/// <summary>
/// Heart-beats, token expiry and the CONNECT timeout on a fake clock (the broker takes every time and timestamp
/// from <see cref="TimeProvider"/>): intervals of a minute or an hour are checked exactly, in milliseconds of
/// real time. Each test has its own broker, since advancing the clock moves every connection of it.
/// </summary>
public sealed class FakeClockTests
{
    private static async Task<(BrokerHost Broker, FakeTimeProvider Clock)> StartAsync(params string[] settings)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var broker = await BrokerHost.StartAsync(services => services.AddSingleton<TimeProvider>(clock), settings);
        return (broker, clock);
    }

    // The broker's writers finish before the clock jumps (StompAssert.WritersIdleAsync says why).
    private static async Task AdvanceAsync(BrokerHost broker, FakeTimeProvider clock, TimeSpan by)
    {
        await StompAssert.WritersIdleAsync(broker.Services.GetRequiredService<CustomerChat.Broker.Stomp.ConnectionRegistry>());
        clock.Advance(by);
    }

    [Fact]
    public async Task AServerHeartBeatIsDueAfterTheNegotiatedIntervalOnTheBrokersClock()
    {
        var (broker, clock) = await StartAsync("CustomerChat:Heartbeat:OutgoingMilliseconds=60000");
        await using var _ = broker;
        await using var client = await StompTestClient.OpenAsync(broker.WebSocketUri);
        await client.ConnectAsync(Identity.TestTokens.Agent(), heartbeat: "0,60000");

        await AdvanceAsync(broker, clock, TimeSpan.FromSeconds(59));
        await client.AssertNothingPendingAsync();
        Assert.Equal(0, client.HeartbeatsReceived);

        // The fence's RECEIPT was the last write: a heart-beat is due a minute after it (the server only beats when idle).
        await AdvanceAsync(broker, clock, TimeSpan.FromSeconds(60));
        await StompAssert.EventuallyAsync(() => client.HeartbeatsReceived >= 1, TimeSpan.FromSeconds(10), "a heart-beat once an idle minute has passed");
    }

    [Fact]
    public async Task AClientSilentPastTheIntervalPlusGraceIsDropped()
    {
        var (broker, clock) = await StartAsync("CustomerChat:Heartbeat:IncomingMilliseconds=60000", "CustomerChat:Heartbeat:Grace=00:00:05");
        await using var _ = broker;
        await using var client = await StompTestClient.OpenAsync(broker.WebSocketUri);
        await client.ConnectAsync(Identity.TestTokens.Agent(), heartbeat: "60000,0");

        await AdvanceAsync(broker, clock, TimeSpan.FromSeconds(66));
        var error = await client.ExpectErrorAsync();
        Assert.Contains("heart-beat timeout", error["message"]);
    }

    [Fact]
    public async Task ASessionEndsWithTokenExpiredWhenTheBrokersClockPassesExp()
    {
        var (broker, clock) = await StartAsync();
        await using var _ = broker;
        await using var client = await StompTestClient.OpenAsync(broker.WebSocketUri);
        await client.ConnectAsync(Identity.TestTokens.Agent()); // exp: one hour from now

        await AdvanceAsync(broker, clock, TimeSpan.FromMinutes(59));
        await client.AssertNothingPendingAsync();

        await AdvanceAsync(broker, clock, TimeSpan.FromMinutes(2));
        var error = await client.ExpectErrorAsync();
        Assert.Equal("token expired", error["message"]);
    }

    [Fact]
    public async Task AConnectionWithoutConnectIsClosedAfterTheConnectTimeout()
    {
        var (broker, clock) = await StartAsync("CustomerChat:Limits:ConnectTimeout=00:00:10");
        await using var _ = broker;
        await using var client = await StompTestClient.OpenAsync(broker.WebSocketUri);

        await AdvanceAsync(broker, clock, TimeSpan.FromSeconds(11));
        var error = await client.ExpectErrorAsync();
        Assert.Contains("CONNECT timeout", error["message"]);
    }
}
