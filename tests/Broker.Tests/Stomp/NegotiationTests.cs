using CustomerChat.Broker.Tests.Identity;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Stomp;

/// <summary>Sub-protocol and STOMP version negotiation, and what CONNECTED says (docs/protocol.md §1, §2).</summary>
public sealed class NegotiationTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private BrokerHost Broker => fixture.Broker;

    [Fact]
    public async Task ServerPicksV12WhenAllSubProtocolsAreOffered()
    {
        await using var client = await StompTestClient.OpenAsync(Broker.WebSocketUri, ["v10.stomp", "v11.stomp", "v12.stomp"]);
        Assert.Equal("v12.stomp", client.SubProtocol);
        var connected = await client.ConnectAsync(TestTokens.Agent(), acceptVersion: "1.0,1.1,1.2");
        Assert.Equal(StompCommand.Connected, connected.Command);
        Assert.Equal("1.2", connected["version"]);
    }

    [Fact]
    public async Task ServerPicksV11WhenOnlyV11IsOfferedAndCannotPickOneThatWasNotOffered()
    {
        await using var client = await StompTestClient.OpenAsync(Broker.WebSocketUri, ["v11.stomp"]);
        Assert.Equal("v11.stomp", client.SubProtocol);

        // No accept-version: the sub-protocol decides the version (1.1), not the spec's 1.0 default.
        var connected = await client.ConnectAsync(TestTokens.Agent(), acceptVersion: null);
        Assert.Equal(StompCommand.Connected, connected.Command);
        Assert.Equal("1.1", connected["version"]);
    }

    [Fact]
    public async Task WithoutSubProtocolTheServerStillSpeaksStompAtTheAcceptVersion()
    {
        await using var client = await StompTestClient.OpenAsync(Broker.WebSocketUri, []);
        Assert.True(string.IsNullOrEmpty(client.SubProtocol));
        var connected = await client.ConnectAsync(TestTokens.Agent(), acceptVersion: "1.1");
        Assert.Equal(StompCommand.Connected, connected.Command);
        Assert.Equal("1.1", connected["version"]);

        // And the session works: a subscription and a receipt.
        await client.SubscribeAsync(StompAssert.UniqueTopic(), "s1");
    }

    [Fact]
    public async Task WithoutSubProtocolOrAcceptVersionTheSessionIsStomp10()
    {
        await using var client = await StompTestClient.OpenAsync(Broker.WebSocketUri, []);
        var connected = await client.ConnectAsync(TestTokens.Agent(), heartbeat: "1000,1000", acceptVersion: null);
        Assert.Equal("1.0", connected["version"]);
        Assert.Equal("0,0", connected["heart-beat"]);
    }

    [Theory]
    [InlineData("1.0", "1.0")]
    [InlineData("1.1", "1.1")]
    [InlineData("1.2", "1.2")]
    [InlineData("1.0,1.1", "1.1")]
    [InlineData("1.2,1.0", "1.2")]
    [InlineData("1.1,2.0", "1.1")]
    public async Task ConnectedVersionIsTheHighestAcceptedVersion(string acceptVersion, string expected)
    {
        await using var client = await StompTestClient.OpenAsync(Broker.WebSocketUri);
        var connected = await client.ConnectAsync(TestTokens.Agent(), acceptVersion: acceptVersion);
        Assert.Equal(StompCommand.Connected, connected.Command);
        Assert.Equal(expected, connected["version"]);
    }

    [Fact]
    public async Task UnsupportedAcceptVersionIsAnsweredWithErrorListingSupportedVersionsThenClose()
    {
        await using var client = await StompTestClient.OpenAsync(Broker.WebSocketUri);
        var error = await client.ConnectAsync(TestTokens.Agent(), acceptVersion: "2.0");
        Assert.Equal(StompCommand.Error, error.Command);
        Assert.Equal("1.0,1.1,1.2", error["version"]);
        Assert.Contains("version", error["message"], StringComparison.OrdinalIgnoreCase);
        await client.WaitForCloseAsync();
    }

    [Fact]
    public async Task StompCommandIsASynonymOfConnect()
    {
        await using var client = await StompTestClient.OpenAsync(Broker.WebSocketUri);
        await client.SendAsync(new StompFrame(StompCommand.Stomp)
            .With("accept-version", "1.2").With("host", "localhost").With("passcode", TestTokens.Agent()));
        var connected = await client.ReceiveAsync();
        Assert.Equal(StompCommand.Connected, connected.Command);
        Assert.Equal("1.2", connected["version"]);
        await client.SubscribeAsync(StompAssert.UniqueTopic(), "s1");
    }

    [Fact]
    public async Task ConnectedCarriesSessionServerHeartbeatAndUserName()
    {
        await using var first = await StompTestClient.OpenAsync(Broker.WebSocketUri);
        var connected = await first.ConnectAsync(TestTokens.Agent("bob"), heartbeat: "0,0");
        Assert.Equal(StompCommand.Connected, connected.Command);
        Assert.False(string.IsNullOrEmpty(connected["session"]));
        Assert.StartsWith("CustomerChat/", connected["server"]);
        Assert.Equal("bob", connected["user-name"]);

        // heart-beat is the server's own cx,cy (defaults 10,000 ms each way).
        var heartbeat = StompHeartbeat.Parse(connected["heart-beat"]);
        Assert.Equal(new StompHeartbeat(10_000, 10_000), heartbeat);

        // Each connection has its own session id.
        await using var second = await StompTestClient.OpenAsync(Broker.WebSocketUri);
        var other = await second.ConnectAsync(TestTokens.Agent("bob"));
        Assert.NotEqual(connected["session"], other["session"]);
    }

    [Fact]
    public async Task MalformedHeartbeatHeaderOnConnectIsAnError()
    {
        await using var client = await StompTestClient.OpenAsync(Broker.WebSocketUri);
        var answer = await client.ConnectAsync(TestTokens.Agent(), heartbeat: "soon");
        Assert.Equal(StompCommand.Error, answer.Command);
        Assert.Contains("heart-beat", answer["message"]);
        await client.WaitForCloseAsync();
    }

    [Fact]
    public async Task SecondConnectOnAConnectedSessionIsAProtocolError()
    {
        await using var client = await Broker.ConnectAsync(TestTokens.Agent());
        var again = await client.ConnectAsync(TestTokens.Agent());
        Assert.Equal(StompCommand.Error, again.Command);
        Assert.Contains("connected", again["message"], StringComparison.OrdinalIgnoreCase);
        await client.WaitForCloseAsync();
    }
}
