using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Stomp;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Identity;

/// <summary>The token on STOMP CONNECT (docs/protocol.md §9): where it may travel and what is refused.</summary>
public sealed class StompAuthenticationTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private BrokerHost Broker => fixture.Broker;

    public static TheoryData<string, string> BadTokens => new()
    {
        { "missing", "" },
        { "garbage", "not-a-jwt" },
        { "bad signature", TestTokens.Mint("alice", "agent", "Alice", signingKey: "another-key-of-enough-length-0123456789-xyz") },
        { "expired", TestTokens.Mint("alice", "agent", "Alice", expires: DateTimeOffset.UtcNow.AddMinutes(-1)) },
        { "wrong audience", TestTokens.Mint("alice", "agent", "Alice", audience: "someone-else") },
        { "wrong issuer", TestTokens.Mint("alice", "agent", "Alice", issuer: "someone-else") },
        { "unknown role", TestTokens.Mint("alice", "admin", "Alice") },
        { "alg none", UnsignedToken() },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task ConnectWithAnInvalidTokenGetsErrorUnauthorizedAndClose(string why, string token)
    {
        await using var client = await StompTestClient.OpenAsync(Broker.WebSocketUri);
        var answer = await client.ConnectAsync(token.Length == 0 ? null : token);
        Assert.True(answer.Command == StompCommand.Error, $"{why}: expected ERROR, got {answer.Command}");
        Assert.Equal("unauthorized", answer["message"]);
        await client.WaitForCloseAsync();
    }

    [Fact]
    public async Task ConnectAcceptsTheTokenAsAuthorizationBearerHeader()
    {
        await using var client = await StompTestClient.OpenAsync(Broker.WebSocketUri);
        var connected = await client.ConnectAsync(null, extra: ("Authorization", "Bearer " + TestTokens.Agent("bob")));
        Assert.Equal(StompCommand.Connected, connected.Command);
        Assert.Equal("bob", connected["user-name"]);
    }

    [Fact]
    public async Task ConnectAcceptsTheTokenFromTheWebSocketUrlAccessTokenParameter()
    {
        var uri = new Uri(Broker.WebSocketUri + "?access_token=" + Uri.EscapeDataString(TestTokens.Agent("bob")));
        await using var client = await StompTestClient.OpenAsync(uri);
        var connected = await client.ConnectAsync(null);
        Assert.Equal(StompCommand.Connected, connected.Command);
        Assert.Equal("bob", connected["user-name"]);
    }

    [Fact]
    public async Task AnInvalidUrlTokenIsRefusedLikeAnyOther()
    {
        var uri = new Uri(Broker.WebSocketUri + "?access_token=" + Uri.EscapeDataString(TestTokens.Agent("bob")[..^4] + "AAAA"));
        await using var client = await StompTestClient.OpenAsync(uri);
        var answer = await client.ConnectAsync(null);
        Assert.Equal(StompCommand.Error, answer.Command);
        Assert.Equal("unauthorized", answer["message"]);
        await client.WaitForCloseAsync();
    }

    [Fact]
    public async Task AGuestTokenFromTheApiConnectsAsThatCustomer()
    {
        var guest = await Broker.GuestAsync("Grace");
        Assert.StartsWith("c-", guest.UserId);
        Assert.Equal("customer", guest.Role);
        await using var client = await StompTestClient.OpenAsync(Broker.WebSocketUri);
        var connected = await client.ConnectAsync(guest.Token);
        Assert.Equal(StompCommand.Connected, connected.Command);
        Assert.Equal(guest.UserId, connected["user-name"]);
    }

    [Fact]
    public async Task ACustomerTokenMintedWithTheSharedKeyConnects()
    {
        var userId = "c-" + Guid.NewGuid().ToString("D");
        await using var client = await StompTestClient.OpenAsync(Broker.WebSocketUri);
        var connected = await client.ConnectAsync(TestTokens.Customer(userId));
        Assert.Equal(StompCommand.Connected, connected.Command);
        Assert.Equal(userId, connected["user-name"]);
    }

    private static string UnsignedToken()
    {
        static string B64(string json) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return B64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + B64($"{{\"sub\":\"alice\",\"role\":\"agent\",\"name\":\"Alice\",\"iss\":\"customerchat\",\"aud\":\"customerchat\",\"exp\":{exp}}}") + ".";
    }
}
