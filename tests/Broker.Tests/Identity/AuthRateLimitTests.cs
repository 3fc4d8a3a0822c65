using System.Net;
using System.Net.Http.Json;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Identity;

/// <summary>Both auth endpoints share one rate limit per client address (docs/protocol.md §9: 429).</summary>
public sealed class AuthRateLimitTests
{
    [Fact]
    public async Task AuthEndpointsAnswer429PastTheLimitPerAddress()
    {
        // BrokerHost passes a high limit first; a later value for the same key wins.
        await using var broker = await BrokerHost.StartAsync("CustomerChat:Limits:AuthRequestsPerMinutePerAddress=3");

        for (var i = 0; i < 2; i++)
        {
            using var ok = await broker.Http.PostAsJsonAsync("api/auth/guest", new { name = "Ada" });
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var third = await broker.Http.PostAsJsonAsync("api/auth/login", new { username = "alice", password = "wrong" });
        Assert.Equal(HttpStatusCode.Unauthorized, third.StatusCode);

        // The fourth request in the minute, on either endpoint, is refused before it is looked at.
        using var login = await broker.Http.PostAsJsonAsync("api/auth/login", new { username = "alice", password = "demo" });
        Assert.Equal(HttpStatusCode.TooManyRequests, login.StatusCode);
        using var guest = await broker.Http.PostAsJsonAsync("api/auth/guest", new { name = "Ada" });
        Assert.Equal(HttpStatusCode.TooManyRequests, guest.StatusCode);

        // Other endpoints are not affected.
        using var live = await broker.Http.GetAsync("health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
