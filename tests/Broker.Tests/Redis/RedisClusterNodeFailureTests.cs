using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CustomerChat.Broker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CustomerChat.Broker.Tests.Redis;

/// <summary>
/// A Redis Cluster master killed (SIGKILL) and restarted on its own directory (same <c>nodes.conf</c>, same
/// append-only file) while two broker instances carry chats (docs/SCALING.md "When a cluster node is down"). The
/// cluster has 3 masters and no replicas and runs with <c>cluster-require-full-coverage no</c>, so while the master
/// is down only its slots are unavailable. The killed master is the one that owns neither the conversation state
/// (<c>{s}</c>) nor presence (<c>{p}</c>); the conversations are picked by the hash slots of their keys and their
/// parties' channels. While it is down, conversations whose keys and channels live on the other shards go on with
/// RECEIPTs and live delivery across the instances, and a conversation on the killed shard is refused
/// (<c>unavailable</c> over STOMP, 503 over HTTP, never receipted); readiness says <c>Degraded</c> (still 200).
/// After the restart the broker reconnects by itself (readiness <c>Healthy</c> again), the conversation on the
/// killed shard works again (live both ways, also on a channel that lives on that shard), and every receipted
/// message of every conversation is in its history exactly once, in order.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterNodeFailureTests(ITestOutputHelper output)
{
    private const int SearchLimit = 80;

    [Fact]
    public async Task KilledClusterMasterStopsOnlyItsOwnConversationsAndAfterItsRestartEveryReceiptedMessageIsInHistoryOnce()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await RedisCluster.StartAsync(persistent: true, nodeTimeoutMs: 2000, "--cluster-require-full-coverage", "no");
        var owners = await cluster.SlotOwnersAsync();
        var stateNode = owners[RedisCluster.HashSlot("{s}")];
        var presenceNode = owners[RedisCluster.HashSlot("{p}")];
        var victim = Enumerable.Range(0, 3).First(i => i != stateNode && i != presenceNode);
        bool OnVictim(string key) => owners[RedisCluster.HashSlot(key)] == victim;

        // A key prefix under which the agents' channels and the support topic live on the other shards.
        string prefix;
        do
        {
            prefix = RedisFixture.NewPrefix();
        }
        while (new[] { "alice", "bob" }.SelectMany(UserChannels).Append("/chat/topic/support").Any(key => OnVictim(prefix + "bp:" + key)));

        bool CustomerOffVictim(string userId) => !UserChannels(userId).Any(key => OnVictim(prefix + "bp:" + key)) && !OnVictim($"{prefix}spam:{{{userId}}}:last");
        bool ConversationOnVictim(string id) => OnVictim($"{prefix}{{c:{id}}}:history");

        string[] settings = [$"CustomerChat:Redis:Configuration={cluster.Configuration}", $"CustomerChat:Redis:KeyPrefix={prefix}"];
        await using var a = await BrokerHost.StartAsync(settings);
        await using var b = await BrokerHost.StartAsync(settings);
        await using var bob = await ChatParty.AgentAsync(a, "bob");
        await using var alice = await ChatParty.AgentAsync(b, "alice");

        // Two conversations entirely on the other shards (customer on A with alice on B, customer on B with bob on A),
        // and one whose history lives on the shard to be killed, its customer's message channel there too.
        var (safeA, safeAId) = await CustomerWhereAsync(a, alice, CustomerOffVictim, id => !ConversationOnVictim(id));
        await using var safeACustomer = safeA;
        var (safeB, safeBId) = await CustomerWhereAsync(b, alice, CustomerOffVictim, id => !ConversationOnVictim(id));
        await using var safeBCustomer = safeB;
        var (hit, hitId) = await CustomerWhereAsync(a, alice, userId => OnVictim(prefix + "bp:user:" + userId + ":/queue/messages"), ConversationOnVictim);
        await using var hitCustomer = hit;
        await alice.SendAsync("/chat/claim", new { conversationId = safeAId });
        await bob.SendAsync("/chat/claim", new { conversationId = safeBId });
        await alice.SendAsync("/chat/claim", new { conversationId = hitId });
        output.WriteLine($"killing node {victim} (state on {stateNode}, presence on {presenceNode}); set-up took {clock.Elapsed.TotalSeconds:F1} s");

        var chats = new[]
        {
            new Chat(safeAId, safeA, alice),
            new Chat(safeBId, safeB, bob),
            new Chat(hitId, hit, alice),
        };
        foreach (var chat in chats)
        {
            await chat.ExchangeAsync("before");
        }

        // SIGKILL the master; wait until the other masters have flagged it failed (after cluster-node-timeout) and
        // still serve their own slots.
        var victimId = await cluster.NodeIdAsync(victim);
        await cluster.KillAsync(victim);
        var killedAt = clock.Elapsed;
        await cluster.WaitUntilFlaggedFailedAsync(victim, victimId);
        output.WriteLine($"node {victim} flagged failed after {(clock.Elapsed - killedAt).TotalSeconds:F1} s");

        // The conversations on the other shards are unaffected: RECEIPTs and live delivery, both ways, across instances.
        for (var round = 0; round < 3; round++)
        {
            await chats[0].ExchangeAsync($"down{round}");
            await chats[1].ExchangeAsync($"down{round}");
        }

        // Readiness stays 200 but says the Redis is degraded (one master unreachable).
        Assert.Equal((HttpStatusCode.OK, "Degraded"), await ReadinessAsync(a));
        Assert.Equal((HttpStatusCode.OK, "Degraded"), await ReadinessAsync(b));

        // The conversation on the killed shard is refused: over STOMP with `unavailable` and no RECEIPT, over HTTP with 503.
        var refusedAt = clock.Elapsed;
        var receipt = await hit.SendExpectingRefusalAsync("/chat/message", new { message = "hit while down", clientMessageId = "cm-down" });
        var (refusal, receiptId) = await hit.NextErrorAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("unavailable", refusal.GetProperty("code").GetString());
        Assert.Equal(receipt, receiptId);
        Assert.False(hit.GotReceipt(receipt));
        output.WriteLine($"STOMP refusal after {(clock.Elapsed - refusedAt).TotalSeconds:F1} s");
        refusedAt = clock.Elapsed;
        using (var posted = await PostMessageAsync(b, hitId, hit.Token.Token, "http while down", "cm-http-down"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, posted.StatusCode);
            Assert.Equal("application/problem+json", posted.Content.Headers.ContentType?.MediaType);
        }

        output.WriteLine($"HTTP 503 after {(clock.Elapsed - refusedAt).TotalSeconds:F1} s");

        // The other shards still work after those refusals.
        await chats[0].ExchangeAsync("down-after-refusal");

        // Restart the master on its directory: the broker reconnects by itself and readiness is healthy again.
        var restartAt = clock.Elapsed;
        await cluster.RestartAsync(victim);
        await WaitUntilHealthyAsync(a);
        await WaitUntilHealthyAsync(b);
        output.WriteLine($"node {victim} restarted; both instances healthy {(clock.Elapsed - restartAt).TotalSeconds:F1} s after the restart");

        // The refused messages are resent with their client message ids, and the conversation goes on, live both ways.
        await hit.SendAsync("/chat/message", new { message = "hit while down", clientMessageId = "cm-down" });
        chats[2].Receipted.Add("hit while down");
        await alice.WaitForMessageAsync("hit while down");
        using (var posted = await PostMessageAsync(b, hitId, hit.Token.Token, "http while down", "cm-http-down"))
        {
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            chats[2].Receipted.Add("http while down");
        }

        await alice.WaitForMessageAsync("http while down");
        foreach (var chat in chats)
        {
            await chat.ExchangeAsync("after");
        }

        // Every receipted message is in its history once, in the order it was receipted (read from either instance).
        foreach (var chat in chats)
        {
            var history = await RedisScaleOutTests.ReadAllPagesAsync(chat.Id == safeBId ? a : b, chat.Id, chat.Customer.Token.Token);
            Assert.Equal(chat.Receipted, history.Select(m => m.Text));
        }

        output.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static string[] UserChannels(string userId) =>
        [$"user:{userId}:/queue/messages", $"user:{userId}:/queue/events", $"user:{userId}:/queue/errors"];

    /// <summary>Connects guest customers on <paramref name="host"/> until one's user id and new conversation id fit.</summary>
    private static async Task<(ChatParty Customer, string ConversationId)> CustomerWhereAsync(
        BrokerHost host, ChatParty agent, Func<string, bool> userFits, Func<string, bool> conversationFits)
    {
        for (var attempt = 0; attempt < SearchLimit; attempt++)
        {
            var token = await host.GuestAsync($"C{attempt}");
            if (!userFits(token.UserId))
            {
                continue;
            }

            var customer = await ChatParty.ConnectAsync(host, token, agent: false);
            var id = (await agent.WaitForAsync(ChatParty.Support, "conversation.waiting",
                e => e.GetProperty("conversation").GetProperty("customerId").GetString() == token.UserId))
                .GetProperty("conversation").GetProperty("id").GetString()!;
            if (conversationFits(id))
            {
                return (customer, id);
            }

            await customer.DisposeAsync();
        }

        throw new InvalidOperationException($"No customer with the wanted hash slots among {SearchLimit} guests.");
    }

    private static async Task<HttpResponseMessage> PostMessageAsync(BrokerHost host, string conversationId, string token, string text, string clientMessageId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/conversations/{conversationId}/messages")
        {
            Content = JsonContent.Create(new { message = text, clientMessageId }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await host.Http.SendAsync(request);
    }

    private static async Task<(HttpStatusCode Status, string Body)> ReadinessAsync(BrokerHost host)
    {
        using var response = await host.Http.GetAsync("health/ready");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task WaitUntilHealthyAsync(BrokerHost host)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var (status, body) = await ReadinessAsync(host);
            if (status == HttpStatusCode.OK && body == "Healthy")
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The broker did not become healthy again by itself: {(int)status} {body}");
            await Task.Delay(100); // polling an HTTP status for a state change; bounded by the deadline
        }
    }

    /// <summary>A conversation between a customer and its agent, and the texts receipted in it so far.</summary>
    private sealed record Chat(string Id, ChatParty Customer, ChatParty Agent)
    {
        public List<string> Receipted { get; } = [];

        /// <summary>One message each way, each receipted and delivered live to the other party.</summary>
        public async Task ExchangeAsync(string tag)
        {
            var fromCustomer = $"{tag} from {Customer.UserId[..8]}";
            await Customer.SendAsync("/chat/message", new { message = fromCustomer, clientMessageId = "cm-c-" + tag });
            Receipted.Add(fromCustomer);
            await Agent.WaitForMessageAsync(fromCustomer);

            var fromAgent = $"{tag} to {Customer.UserId[..8]}";
            await Agent.SendAsync("/chat/message", new { conversationId = Id, message = fromAgent, clientMessageId = $"cm-a-{Id}-{tag}" });
            Receipted.Add(fromAgent);
            await Customer.WaitForMessageAsync(fromAgent);
        }
    }
}
