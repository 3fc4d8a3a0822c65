using System.Net;
using CustomerChat.Broker.Tests.Stomp;

namespace CustomerChat.Broker.Tests.Identity;

/// <summary>The <c>Origin</c> allow-list on the WebSocket upgrade (docs/protocol.md §1, §6).</summary>
public sealed class OriginTests(OriginTests.Fixture fixture) : IClassFixture<OriginTests.Fixture>
{
    public const string ListedOrigin = "https://chat.example.com";

    [Fact]
    public async Task UpgradeFromAnOriginOutsideTheAllowListIsRefusedWith403()
    {
        Assert.Equal(HttpStatusCode.Forbidden, await StompAssert.UpgradeStatusAsync(fixture.Broker.WebSocketUri, "http://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await StompAssert.UpgradeStatusAsync(fixture.Broker.WebSocketUri, "https://chat.example.com.evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await StompAssert.UpgradeStatusAsync(fixture.Broker.WebSocketUri, "null"));
    }

    [Fact]
    public async Task UpgradeFromALocalhostOriginIsAllowedByDefault()
    {
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await StompAssert.UpgradeStatusAsync(fixture.Broker.WebSocketUri, "http://localhost:1234"));
    }

    [Fact]
    public async Task UpgradeFromAnOriginListedInAllowedOriginsIsAllowed()
    {
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await StompAssert.UpgradeStatusAsync(fixture.Broker.WebSocketUri, ListedOrigin));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await StompAssert.UpgradeStatusAsync(fixture.Broker.WebSocketUri, ListedOrigin + "/"));
    }

    [Fact]
    public async Task UpgradeWithoutOriginOrFromTheBrokersOwnOriginIsAllowed()
    {
        var self = fixture.Broker.BaseUri.GetLeftPart(UriPartial.Authority);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await StompAssert.UpgradeStatusAsync(fixture.Broker.WebSocketUri, null));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await StompAssert.UpgradeStatusAsync(fixture.Broker.WebSocketUri, self));
    }

    public sealed class Fixture : BrokerFixture
    {
        protected override IEnumerable<string> Settings => [$"CustomerChat:AllowedOrigins:0={ListedOrigin}"];
    }
}
