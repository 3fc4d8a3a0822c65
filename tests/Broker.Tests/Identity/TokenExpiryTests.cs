using System.Net.WebSockets;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Stomp;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Identity;

/// <summary>A session outlives nothing: when its token expires the broker ends it (docs/protocol.md §9).</summary>
public sealed class TokenExpiryTests
{
    [Fact]
    public async Task SessionWhoseTokenExpiresGetsErrorTokenExpiredAndClose()
    {
        // exp has whole-second precision, so a 3 s lifetime leaves the session at least 2 s to connect and subscribe.
        await using var broker = await BrokerHost.StartAsync("CustomerChat:Auth:TokenLifetime=00:00:03");
        var token = await broker.LoginAsync("alice");
        Assert.InRange(token.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));

        await using var client = await broker.ConnectAsync(token.Token);
        var topic = StompAssert.UniqueTopic();
        await client.SubscribeAsync(topic, "s1");

        var error = await client.ExpectErrorAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("token expired", error["message"]);
        Assert.True(DateTimeOffset.UtcNow >= token.ExpiresAt, "The session ended before its token's exp.");
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await client.WaitForCloseAsync());

        // The same token can no longer open a session.
        await using var again = await StompTestClient.OpenAsync(broker.WebSocketUri);
        var refused = await again.ConnectAsync(token.Token);
        Assert.Equal(StompCommand.Error, refused.Command);
        Assert.Equal("unauthorized", refused["message"]);
    }
}
