using System.Net.Http.Headers;
using System.Text.Json;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Redis;

/// <summary>
/// Two broker instances on one Redis (two hosts on two ports, one key prefix): whoever is connected where,
/// the chat behaves as on one instance (issue 4, docs/protocol.md §11). Runs on a single Redis
/// (<see cref="RedisScaleOutTests"/>) and on a Redis Cluster (<see cref="ClusterScaleOutTests"/>).
/// </summary>
public abstract class ScaleOutScenarios
{
    /// <summary>The instances a test starts share <paramref name="prefix"/>.</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync(string prefix, params string[] settings);

    [Fact]
    public async Task CustomerOnOneInstanceReachesAgentsOnBothAndChatsWithAnAgentOnTheOther()
    {
        var prefix = RedisFixture.NewPrefix();
        await using var a = await StartBrokerAsync(prefix);
        await using var b = await StartBrokerAsync(prefix);
        await using var alice = await ChatParty.AgentAsync(a, "alice");
        await using var bob = await ChatParty.AgentAsync(b, "bob");
        Assert.Equal("snapshot", (await alice.NextAsync(ChatParty.Support)).GetProperty("type").GetString());
        Assert.Equal("snapshot", (await bob.NextAsync(ChatParty.Support)).GetProperty("type").GetString());

        // The customer lands on A: agents on A and on B hear of it.
        await using var customer = await ChatParty.CustomerAsync(a, "Ada");
        string? conversationId = null;
        foreach (var agent in new[] { alice, bob })
        {
            var connected = await agent.WaitForAsync(ChatParty.Support, "customer.connected", e => e.GetProperty("customerId").GetString() == customer.UserId);
            Assert.Equal("Ada", connected.GetProperty("customerName").GetString());
            var waiting = await agent.WaitForAsync(ChatParty.Support, "conversation.waiting", e => e.GetProperty("conversation").GetProperty("customerId").GetString() == customer.UserId);
            conversationId ??= waiting.GetProperty("conversation").GetProperty("id").GetString();
            Assert.Equal(conversationId, waiting.GetProperty("conversation").GetProperty("id").GetString());
        }

        // Written while waiting on A, shown to the agent who claims on B.
        await customer.SendAsync("/chat/message", new { message = "hello from A" });
        await bob.SendAsync("/chat/claim", new { conversationId });
        Assert.Equal("hello from A", (await bob.WaitForMessageAsync("hello from A")).GetProperty("message").GetString());
        var claimed = await alice.WaitForAsync(ChatParty.Support, "conversation.claimed");
        Assert.Equal("bob", claimed.GetProperty("conversation").GetProperty("agentId").GetString());
        var assigned = await customer.WaitForAsync(ChatParty.Events, "conversation.state", e => e.GetProperty("conversation").GetProperty("state").GetString() == "active");
        Assert.Equal("Bob", assigned.GetProperty("conversation").GetProperty("agentName").GetString());

        // Messages both ways, ids increasing.
        await customer.SendAsync("/chat/message", new { message = "where is my order?" });
        var question = await bob.WaitForMessageAsync("where is my order?");
        Assert.Equal("bob", question.GetProperty("userTo").GetString());
        await bob.SendAsync("/chat/message", new { userTo = customer.UserId, message = "on its way" });
        var answer = await customer.WaitForMessageAsync("on its way");
        Assert.Equal("agent", answer.GetProperty("senderRole").GetString());
        Assert.True(CompareIds(question.GetProperty("id").GetString()!, answer.GetProperty("id").GetString()!) < 0);

        // Typing crosses too.
        await bob.SendAsync("/chat/typing", new { conversationId, typing = true });
        Assert.Equal("bob", (await customer.WaitForAsync(ChatParty.Events, "typing")).GetProperty("userId").GetString());
    }

    [Fact]
    public async Task ClaimRaceAcrossInstancesHasExactlyOneWinner()
    {
        var prefix = RedisFixture.NewPrefix();
        await using var a = await StartBrokerAsync(prefix, "CustomerChat:Conversations:AgentCapacity=100");
        await using var b = await StartBrokerAsync(prefix, "CustomerChat:Conversations:AgentCapacity=100");
        await using var alice = await ChatParty.AgentAsync(a, "alice");
        await using var bob = await ChatParty.AgentAsync(b, "bob");
        var customers = new List<ChatParty>();
        var winners = new Dictionary<string, string>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var customer = await ChatParty.CustomerAsync(i % 2 == 0 ? a : b, $"C{i}");
                customers.Add(customer);
                var id = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting",
                    e => e.GetProperty("conversation").GetProperty("customerId").GetString() == customer.UserId))
                    .GetProperty("conversation").GetProperty("id").GetString()!;

                // Both claim at the same moment, one on each instance.
                var sends = await Task.WhenAll(
                    alice.SendExpectingRefusalAsync("/chat/claim", new { conversationId = id }),
                    bob.SendExpectingRefusalAsync("/chat/claim", new { conversationId = id }));
                var claimed = await bob.WaitForAsync(ChatParty.Support, "conversation.claimed",
                    e => e.GetProperty("conversation").GetProperty("id").GetString() == id);
                var winnerId = claimed.GetProperty("conversation").GetProperty("agentId").GetString()!;
                var (winner, winnerReceipt, loser, loserReceipt) = winnerId == "alice"
                    ? (alice, sends[0], bob, sends[1])
                    : (bob, sends[1], alice, sends[0]);

                var (refusal, receiptId) = await loser.NextErrorAsync();
                Assert.Equal("conflict", refusal.GetProperty("code").GetString());
                Assert.Equal(loserReceipt, receiptId);
                Assert.Empty(await winner.DrainAsync(ChatParty.Errors));
                Assert.True(winner.GotReceipt(winnerReceipt));
                Assert.False(loser.GotReceipt(loserReceipt));
                winners[id] = winnerId;
            }

            // The shared state agrees, seen from either instance.
            foreach (var host in new[] { a, b })
            {
                var list = await GetJsonAsync(host, "api/conversations", alice.Token.Token);
                foreach (var (id, winnerId) in winners)
                {
                    var conversation = list.EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);
                    Assert.Equal("active", conversation.GetProperty("state").GetString());
                    Assert.Equal(winnerId, conversation.GetProperty("agentId").GetString());
                }
            }
        }
        finally
        {
            foreach (var customer in customers)
            {
                await customer.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task CustomerReconnectingToTheOtherInstanceWithSinceMissesNothingAndSeesNothingTwice()
    {
        var prefix = RedisFixture.NewPrefix();
        await using var a = await StartBrokerAsync(prefix);
        await using var b = await StartBrokerAsync(prefix);
        await using var bob = await ChatParty.AgentAsync(b, "bob");
        var customer = await ChatParty.CustomerAsync(a);
        var id = (await bob.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString();
        await bob.SendAsync("/chat/claim", new { conversationId = id });
        await customer.SendAsync("/chat/message", new { message = "m0" });
        var lastSeen = (await customer.WaitForMessageAsync("m0")).GetProperty("id").GetString()!;

        // The customer's connection to A drops; the agent on B goes on writing.
        customer.Client.Abort();
        await customer.DisposeAsync();
        for (var i = 1; i <= 5; i++)
        {
            await bob.SendAsync("/chat/message", new { conversationId = id, message = $"m{i}" });
        }

        // Back, on B this time: in the same conversation, the missed messages once, then live ones.
        await using var back = await ChatParty.ConnectAsync(b, customer.Token, agent: false, since: lastSeen);
        var state = await back.NextAsync(ChatParty.Events);
        Assert.Equal(id, state.GetProperty("conversation").GetProperty("id").GetString());
        Assert.Equal("active", state.GetProperty("conversation").GetProperty("state").GetString());
        await bob.SendAsync("/chat/message", new { conversationId = id, message = "m6" });

        var received = new List<string>();
        while (received.Count < 6)
        {
            received.Add((await back.NextAsync(ChatParty.Messages)).GetProperty("message").GetString()!);
        }

        Assert.Equal(["m1", "m2", "m3", "m4", "m5", "m6"], received);
        await back.AssertQuietAsync(ChatParty.Messages);

        await back.SendAsync("/chat/message", new { message = "back, on B" });
        await bob.WaitForMessageAsync("back, on B");
    }

    [Fact]
    public async Task HistoryPagesAreTheSameFromEitherInstance()
    {
        var prefix = RedisFixture.NewPrefix();
        await using var a = await StartBrokerAsync(prefix);
        await using var b = await StartBrokerAsync(prefix);
        await using var customer = await ChatParty.CustomerAsync(a);
        for (var i = 0; i < 5; i++)
        {
            await customer.SendAsync("/chat/message", new { message = $"p{i}" });
        }

        var id = (await customer.NextAsync(ChatParty.Messages)).GetProperty("conversationId").GetString();
        var fromA = await ReadAllPagesAsync(a, id!, customer.Token.Token);
        var fromB = await ReadAllPagesAsync(b, id!, customer.Token.Token);
        Assert.Equal(["p0", "p1", "p2", "p3", "p4"], fromA.Select(m => m.Text));
        Assert.Equal(fromA, fromB);
        Assert.Equal(fromA.Count, fromA.Select(m => m.Id).Distinct().Count());

        // An agent on either instance reads it too; another customer gets 404 from either.
        var agentToken = (await b.LoginAsync("bob")).Token;
        Assert.Equal(fromA, await ReadAllPagesAsync(b, id!, agentToken));
        var stranger = (await b.GuestAsync("Eve")).Token;
        foreach (var host in new[] { a, b })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/conversations/{id}/messages");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", stranger);
            using var response = await host.Http.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task TopicMessagesCrossInstancesWithHeadersAndBodyUntouched()
    {
        var prefix = RedisFixture.NewPrefix();
        await using var a = await StartBrokerAsync(prefix);
        await using var b = await StartBrokerAsync(prefix);
        await using var alice = await ChatParty.AgentAsync(a, "alice", supportTopic: false);
        await using var bob = await ChatParty.AgentAsync(b, "bob", supportTopic: false);
        await alice.SubscribeAsync("/topic/team", "team");

        // NUL bytes and UTF-8 pass through (the test client sends text WebSocket messages, so valid UTF-8 only).
        byte[] body = [1, 0, 2, .. "é→"u8, (byte)'\n', 0];
        var frame = new StompFrame(StompCommand.Send, new StompHeaders(), body)
            .With("destination", "/topic/team").With("content-type", "application/octet-stream").With("x-team", "blue: ünïcødé");
        await bob.SendWithReceiptAsync(frame);

        var received = await alice.NextFrameAsync("team");
        Assert.Equal(body, received.Body.ToArray());
        Assert.Equal("application/octet-stream", received["content-type"]);
        Assert.Equal("blue: ünïcødé", received["x-team"]);
        Assert.Equal("/topic/team", received["destination"]);
        await alice.AssertQuietAsync("team");
    }

    internal static int CompareIds(string x, string y) => Conversations.LifecycleScenarios.CompareIds(x, y);

    internal static async Task<JsonElement> GetJsonAsync(BrokerHost host, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await host.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    internal static async Task<List<(string Id, string Text)>> ReadAllPagesAsync(BrokerHost host, string conversationId, string token)
    {
        var messages = new List<(string, string)>();
        string? after = null;
        for (var page = 0; page < 100; page++)
        {
            var json = await GetJsonAsync(host, $"api/conversations/{conversationId}/messages?limit=2" + (after is null ? "" : $"&after={after}"), token);
            messages.AddRange(json.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("id").GetString()!, m.GetProperty("message").GetString()!)));
            after = json.GetProperty("next").GetString();
            if (after is null)
            {
                break;
            }
        }

        return messages;
    }
}

/// <summary><see cref="ScaleOutScenarios"/> on a single Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisScaleOutTests(RedisFixture redis) : ScaleOutScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(string prefix, params string[] settings) => redis.StartBrokerAsync(prefix, settings);
}

/// <summary><see cref="ScaleOutScenarios"/> on a 3-master Redis Cluster.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterScaleOutTests(RedisClusterFixture cluster) : ScaleOutScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(string prefix, params string[] settings) => cluster.StartBrokerAsync(prefix, settings);
}
