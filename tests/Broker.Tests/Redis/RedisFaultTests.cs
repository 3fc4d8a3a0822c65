using System.Diagnostics;
using System.Net;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Redis;

/// <summary>
/// Redis faults (issue 4): while Redis is down the broker stays up, says not-ready, refuses what it cannot
/// store (never a RECEIPT for it) and recovers by itself; an instance that dies takes its users offline
/// within the presence expiry. Each test runs its own <c>redis-server</c>, since it stops it or shares it
/// between instances it kills.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisFaultTests
{
    [Fact]
    public async Task RedisStoppedMidConversationIsReportedAndRecoveredWithoutLosingAcknowledgedMessages()
    {
        // Append-only and fsynced on every write, so what Redis acknowledged survives its restart.
        await using var server = await RedisServer.StartAsync(persistent: true);
        var prefix = RedisFixture.NewPrefix();
        await using var a = await BrokerHost.StartAsync(RedisFixture.Settings(server, prefix));
        await using var b = await BrokerHost.StartAsync(RedisFixture.Settings(server, prefix));
        await using var alice = await ChatParty.AgentAsync(b, "alice");
        await using var customer = await ChatParty.CustomerAsync(a);
        var id = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString()!;
        await alice.SendAsync("/chat/claim", new { conversationId = id });
        await customer.SendAsync("/chat/message", new { message = "before-1" });
        await alice.WaitForMessageAsync("before-1");
        await alice.SendAsync("/chat/message", new { conversationId = id, message = "before-2" });
        await customer.WaitForMessageAsync("before-2");
        Assert.Equal(HttpStatusCode.OK, await ReadyAsync(a));
        Assert.Equal(HttpStatusCode.OK, await ReadyAsync(b));

        // Redis goes away mid-conversation.
        await server.StopAsync();
        await WaitForReadyAsync(a, HttpStatusCode.ServiceUnavailable);
        await WaitForReadyAsync(b, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, (await a.Http.GetAsync("health/live")).StatusCode);

        // The history API says the store is unavailable (503 with Retry-After), not a server error.
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"api/conversations/{id}/messages"))
        {
            request.Headers.Authorization = new("Bearer", customer.Token.Token);
            using var response = await a.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(response.Headers.RetryAfter is not null);
        }

        // A SEND that cannot be stored is refused as unavailable, with its receipt, and gets no RECEIPT.
        var receipt = await customer.SendExpectingRefusalAsync("/chat/message", new { message = "while-down" });
        var (refusal, receiptId) = await customer.NextErrorAsync();
        Assert.Equal("unavailable", refusal.GetProperty("code").GetString());
        Assert.Equal("/chat/message", refusal.GetProperty("destination").GetString());
        Assert.Equal(receipt, receiptId);
        Assert.False(customer.GotReceipt(receipt));
        var agentReceipt = await alice.SendExpectingRefusalAsync("/chat/message", new { conversationId = id, message = "agent-while-down" });
        Assert.Equal("unavailable", (await alice.NextErrorAsync()).Body.GetProperty("code").GetString());
        Assert.False(alice.GotReceipt(agentReceipt));

        // Redis returns: both instances recover by themselves, on the same connections.
        await server.StartAgainAsync();
        await WaitForReadyAsync(a, HttpStatusCode.OK);
        await WaitForReadyAsync(b, HttpStatusCode.OK);
        await customer.SendAsync("/chat/message", new { message = "after-1" });
        await alice.WaitForMessageAsync("after-1");
        await alice.SendAsync("/chat/message", new { conversationId = id, message = "after-2" });
        await customer.WaitForMessageAsync("after-2");

        // Every message that got a RECEIPT is in the history, in order, and nothing that was refused.
        var history = await RedisScaleOutTests.ReadAllPagesAsync(a, id, customer.Token.Token);
        Assert.Equal(["before-1", "before-2", "after-1", "after-2"], history.Select(m => m.Text));
    }

    [Fact]
    public async Task AnInstanceStoppedAbruptlyTakesItsAgentOfflineWithinThePresenceExpiryAndItsCustomerRecoversOnTheOther()
    {
        await using var server = await RedisServer.StartAsync();
        var prefix = RedisFixture.NewPrefix();

        // A long grace, so that only the presence expiry (2 s) can announce A's users as gone.
        string[] settings = ["CustomerChat:Redis:PresenceExpiry=00:00:02", "CustomerChat:Conversations:PresenceGrace=00:01:00"];
        var a = await BrokerHost.StartAsync(RedisFixture.Settings(server, prefix, settings));
        await using var b = await BrokerHost.StartAsync(RedisFixture.Settings(server, prefix, settings));
        await using var bob = await ChatParty.AgentAsync(b, "bob");
        await using var alice = await ChatParty.AgentAsync(a, "alice");
        await bob.WaitForAsync(ChatParty.Support, "agent.online", e => e.GetProperty("agentId").GetString() == "alice");
        await using var customer = await ChatParty.CustomerAsync(a);
        var id = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString()!;
        await alice.SendAsync("/chat/claim", new { conversationId = id });
        await customer.SendAsync("/chat/message", new { message = "hello?" });
        var since = (await customer.WaitForMessageAsync("hello?")).GetProperty("id").GetString()!;
        await alice.SendAsync("/chat/message", new { conversationId = id, message = "before the crash" });
        await customer.WaitForMessageAsync("before the crash");

        // Instance A goes away without telling anyone who is offline.
        var stopped = Stopwatch.StartNew();
        await a.DisposeAsync();

        // The customer reconnects to B: back in its conversation, nothing missed.
        await using var back = await ChatParty.ConnectAsync(b, customer.Token, agent: false, since: since);
        var state = await back.NextAsync(ChatParty.Events);
        Assert.Equal(id, state.GetProperty("conversation").GetProperty("id").GetString());
        Assert.Equal("before the crash", (await back.NextAsync(ChatParty.Messages)).GetProperty("message").GetString());
        var history = await RedisScaleOutTests.ReadAllPagesAsync(b, id, customer.Token.Token);
        Assert.Equal(["hello?", "before the crash"], history.Select(m => m.Text));

        // A's agent goes offline on the topic once A's presence expires, announced by B.
        var offline = await bob.WaitForAsync(ChatParty.Support, "agent.offline",
            e => e.GetProperty("agentId").GetString() == "alice", TimeSpan.FromSeconds(20));
        var elapsed = stopped.Elapsed;
        Assert.Equal("Alice", offline.GetProperty("agentName").GetString());
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"agent.offline came {elapsed.TotalSeconds:0.0} s after the instance stopped (expiry 2 s).");

        // The customer's side hears that its agent is gone.
        var presence = await back.WaitForAsync(ChatParty.Events, "presence", e => e.GetProperty("userId").GetString() == "alice", TimeSpan.FromSeconds(20));
        Assert.False(presence.GetProperty("online").GetBoolean());

        // The customer, alive on B, is not announced as gone.
        var support = await bob.DrainAsync(ChatParty.Support);
        Assert.DoesNotContain(support, e => e.GetProperty("type").GetString() == "customer.disconnected");
    }

    private static async Task<HttpStatusCode> ReadyAsync(BrokerHost host)
    {
        using var response = await host.Http.GetAsync("health/ready");
        return response.StatusCode;
    }

    private static async Task WaitForReadyAsync(BrokerHost host, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        HttpStatusCode status;
        while ((status = await ReadyAsync(host)) != expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"/health/ready stayed {(int)status}, expected {(int)expected}.");
            await Task.Delay(100); // polling an HTTP status for a state change; bounded by the deadline
        }
    }
}
