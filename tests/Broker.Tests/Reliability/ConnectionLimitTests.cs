using System.Net;
using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.Tests.Identity;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Stomp;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Reliability;

/// <summary><c>MaxConnectionsPerUser</c>: the CONNECT past the limit gets ERROR naming it; a slot frees when a session ends.</summary>
public sealed class ConnectionsPerUserTests(ConnectionsPerUserTests.Fixture fixture) : IClassFixture<ConnectionsPerUserTests.Fixture>
{
    private const int PerUser = 2;

    [Fact]
    public async Task TheConnectPastMaxConnectionsPerUserGetsErrorAndCloseAndASlotFreesWhenOneCloses()
    {
        await using var healthy = await HealthyPair.StartAsync(fixture);
        var registry = fixture.Broker.Services.GetRequiredService<ConnectionRegistry>();
        var token = TestTokens.Agent("carol");
        var first = await fixture.Broker.ConnectAsync(token);
        await using var second = await fixture.Broker.ConnectAsync(token);

        await using var third = await StompTestClient.OpenAsync(fixture.Broker.WebSocketUri);
        var refused = await third.ConnectAsync(token);
        Assert.Equal(StompCommand.Error, refused.Command);
        Assert.Equal($"Too many connections for this user: the limit is {PerUser}.", refused["message"]);
        await third.WaitForCloseAsync();
        Assert.Equal(PerUser, registry.SessionCount("carol"));
        await healthy.AssertStillServedAsync();

        await first.DisposeAsync();
        await StompAssert.EventuallyAsync(() => registry.SessionCount("carol") == PerUser - 1, TimeSpan.FromSeconds(10), "the closed session gives its slot back");
        await using var again = await fixture.Broker.ConnectAsync(token);
        await healthy.AssertStillServedAsync();
    }

    public sealed class Fixture : BrokerFixture
    {
        protected override IEnumerable<string> Settings => [$"CustomerChat:Limits:MaxConnectionsPerUser={PerUser}"];
    }
}

/// <summary><c>MaxConnectionsPerAddress</c>: the upgrade past the limit is refused with 429 before any frame.</summary>
public sealed class ConnectionsPerAddressTests(ConnectionsPerAddressTests.Fixture fixture) : IClassFixture<ConnectionsPerAddressTests.Fixture>
{
    private const int PerAddress = 4;

    [Fact]
    public async Task TheUpgradePastMaxConnectionsPerAddressIs429AndASlotFreesWhenOneCloses()
    {
        var registry = fixture.Broker.Services.GetRequiredService<ConnectionRegistry>();
        await using var healthy = await HealthyPair.StartAsync(fixture); // two connections from 127.0.0.1
        var more = new List<StompTestClient>();
        try
        {
            for (var i = 0; i < PerAddress - 2; i++)
            {
                more.Add(await fixture.Broker.ConnectAsync(TestTokens.Agent("carol")));
            }

            Assert.Equal(HttpStatusCode.TooManyRequests, await StompAssert.UpgradeStatusAsync(fixture.Broker.WebSocketUri, origin: null));
            await healthy.AssertStillServedAsync();

            await more[0].DisposeAsync();
            more.RemoveAt(0);
            await StompAssert.EventuallyAsync(() => registry.Count == PerAddress - 1, TimeSpan.FromSeconds(10), "the closed connection leaves the registry");
            Assert.Equal(HttpStatusCode.SwitchingProtocols, await StompAssert.UpgradeStatusAsync(fixture.Broker.WebSocketUri, origin: null));
            await healthy.AssertStillServedAsync();
        }
        finally
        {
            foreach (var client in more)
            {
                await client.DisposeAsync();
            }
        }
    }

    public sealed class Fixture : BrokerFixture
    {
        protected override IEnumerable<string> Settings => [$"CustomerChat:Limits:MaxConnectionsPerAddress={PerAddress}"];
    }
}

/// <summary><c>ConnectTimeout</c>: a WebSocket that never sends CONNECT is closed with ERROR after the timeout.</summary>
public sealed class ConnectTimeoutTests(ConnectTimeoutTests.Fixture fixture) : IClassFixture<ConnectTimeoutTests.Fixture>
{
    [Fact]
    public async Task AConnectionThatNeverSendsConnectGetsErrorAndCloseAfterTheTimeout()
    {
        await using var healthy = await HealthyPair.StartAsync(fixture);
        var opened = DateTime.UtcNow;
        await using var idle = await StompTestClient.OpenAsync(fixture.Broker.WebSocketUri);
        var error = await StompAssert.ErrorThenCloseAsync(idle, TimeSpan.FromSeconds(10));
        Assert.StartsWith("CONNECT timeout", error["message"]);
        Assert.InRange(DateTime.UtcNow - opened, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(6));
        await healthy.AssertStillServedAsync();
    }

    [Fact]
    public async Task HeartBeatsDoNotStandInForConnect()
    {
        await using var healthy = await HealthyPair.StartAsync(fixture);
        await using var idle = await StompTestClient.OpenAsync(fixture.Broker.WebSocketUri);
        var beating = Task.Run(async () =>
        {
            while (!idle.Closed.IsCompleted)
            {
                try
                {
                    await idle.SendRawAsync("\n");
                }
                catch (Exception)
                {
                    return;
                }

                await Task.WhenAny(idle.Closed, Task.Delay(200));
            }
        });
        var error = await StompAssert.ErrorThenCloseAsync(idle, TimeSpan.FromSeconds(10));
        Assert.StartsWith("CONNECT timeout", error["message"]);
        await beating.WaitAsync(TimeSpan.FromSeconds(10));
        await healthy.AssertStillServedAsync();
    }

    public sealed class Fixture : BrokerFixture
    {
        protected override IEnumerable<string> Settings => ["CustomerChat:Limits:ConnectTimeout=00:00:01"];
    }
}
