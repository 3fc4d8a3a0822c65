using System.Net;
using System.Net.Http.Json;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;
using CustomerChat.Broker.Tests.Workspace;
using CustomerChat.Protocol;
using StackExchange.Redis;

namespace CustomerChat.Broker.Tests.AgentAccounts;

/// <summary>Two instances on one Redis: an account created on one logs in on the other, and disabling it on one ends its sessions on the other.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisAgentAccountSyncTests(RedisFixture redis)
{
    [Fact]
    public async Task AnAccountChangedOnOneInstanceTakesEffectOnTheOther()
    {
        var prefix = RedisFixture.NewPrefix();
        await using var a = await redis.StartBrokerAsync(prefix);
        await using var b = await redis.StartBrokerAsync(prefix);
        var admin = (await a.LoginAsync("alice")).Token;

        await Api.ExpectAsync(HttpStatusCode.Created, a, HttpMethod.Post, "/api/agents", admin, new { username = "mona", password = "mona-secret", admin = true });
        var token = (await b.LoginAsync("mona", "mona-secret")).Token;
        await using var onB = await b.ConnectAsync(token);
        await using var onA = await a.ConnectAsync(token);

        await Api.ExpectAsync(HttpStatusCode.OK, a, HttpMethod.Put, "/api/agents/mona", admin, new { disabled = true });
        Assert.Equal("account disabled", (await onB.ExpectErrorAsync())[StompHeaderNames.Message]);
        Assert.Equal("account disabled", (await onA.ExpectErrorAsync())[StompHeaderNames.Message]);

        using var login = await b.Http.PostAsJsonAsync("api/auth/login", new { username = "mona", password = "mona-secret" });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        await Api.ExpectAsync(HttpStatusCode.Unauthorized, b, HttpMethod.Get, "/api/canned-responses", token);
    }

    [Fact]
    public async Task EveryAccountKeyCarriesTheAgentsHashTag()
    {
        var prefix = RedisFixture.NewPrefix();
        await using var broker = await redis.StartBrokerAsync(prefix);
        var admin = (await broker.LoginAsync("alice")).Token;
        await Api.ExpectAsync(HttpStatusCode.Created, broker, HttpMethod.Post, "/api/agents", admin, new { username = "nick", password = "nick-secret" });
        await Api.ExpectAsync(HttpStatusCode.Created, broker, HttpMethod.Post, "/api/agents", admin, new { username = "olga", password = "olga-secret" });
        await Api.ExpectAsync(HttpStatusCode.NoContent, broker, HttpMethod.Delete, "/api/agents/olga", admin);

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var keys = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: prefix + "*"))
        {
            keys.Add(key!);
        }

        var accountKeys = keys.Where(k => k.Contains("agents", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal([prefix + "{agents}:accounts", prefix + "{agents}:deleted"], accountKeys);
        var stored = await connection.GetDatabase().HashGetAsync(prefix + "{agents}:accounts", "nick");
        Assert.DoesNotContain("nick-secret", (string)stored!, StringComparison.Ordinal);
    }
}
