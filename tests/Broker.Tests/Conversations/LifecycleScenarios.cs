using System.Net.Http.Headers;
using System.Text.Json;
using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Tests.Conversations;

/// <summary>The life of a chat (docs/protocol.md §5–6, §5): open, announce, claim, talk, close, rate.</summary>
public abstract class LifecycleScenarios : ChatScenarioBase
{
    [Fact]
    public async Task WholeChatFromGuestTokenToRating()
    {
        await using var broker = await StartBrokerAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var bob = await ChatParty.AgentAsync(broker, "bob");
        Assert.Equal("snapshot", (await alice.NextAsync(ChatParty.Support)).GetProperty("type").GetString());
        Assert.Equal("snapshot", (await bob.NextAsync(ChatParty.Support)).GetProperty("type").GetString());

        // A customer arrives: both agents hear of it at once.
        await using var customer = await ChatParty.CustomerAsync(broker, "Ada");
        foreach (var agent in new[] { alice, bob })
        {
            var connected = await agent.WaitForAsync(ChatParty.Support, "customer.connected");
            Assert.Equal(customer.UserId, connected.GetProperty("customerId").GetString());
            Assert.Equal("Ada", connected.GetProperty("customerName").GetString());
            var waiting = await agent.WaitForAsync(ChatParty.Support, "conversation.waiting");
            Assert.Equal("waiting", waiting.GetProperty("conversation").GetProperty("state").GetString());
        }

        var state = await customer.WaitForAsync(ChatParty.Events, "conversation.state", e => e.GetProperty("conversation").ValueKind == JsonValueKind.Object);
        var conversationId = state.GetProperty("conversation").GetProperty("id").GetString()!;

        // A message while waiting is kept and reaches the agent who claims.
        await customer.SendAsync("/chat/message", new { message = "Hello, my order is late" });
        var own = await customer.WaitForMessageAsync("Hello, my order is late");
        Assert.Equal(JsonValueKind.Null, own.GetProperty("userTo").ValueKind);
        Assert.Equal("customer", own.GetProperty("senderRole").GetString());

        // Both claim at once: exactly one wins.
        var aliceClaim = await alice.SendExpectingRefusalAsync("/chat/claim", new { conversationId });
        var bobClaim = await bob.SendExpectingRefusalAsync("/chat/claim", new { conversationId });
        var claimed = await alice.WaitForAsync(ChatParty.Support, "conversation.claimed");
        var winnerId = claimed.GetProperty("conversation").GetProperty("agentId").GetString();
        var (winner, loser, loserReceipt) = winnerId == "alice" ? (alice, bob, bobClaim) : (bob, alice, aliceClaim);
        var (refusal, receiptId) = await loser.NextErrorAsync();
        Assert.Equal("conflict", refusal.GetProperty("code").GetString());
        Assert.Equal(loserReceipt, receiptId);
        Assert.False(loser.GotReceipt(loserReceipt));

        var assigned = await customer.WaitForAsync(ChatParty.Events, "conversation.state", e => e.GetProperty("conversation").GetProperty("state").GetString() == "active");
        Assert.Equal(winnerId == "alice" ? "Alice" : "Bob", assigned.GetProperty("conversation").GetProperty("agentName").GetString());
        Assert.Equal("Hello, my order is late", (await winner.WaitForMessageAsync("Hello, my order is late")).GetProperty("message").GetString());

        // The customer's second tab sees the conversation too.
        await using var secondTab = await ChatParty.ConnectAsync(broker, customer.Token, agent: false);

        // Messages both ways, ids increasing.
        await winner.SendAsync("/chat/message", new { userTo = customer.UserId, message = "Sorry! Let me check." });
        var reply = await customer.WaitForMessageAsync("Sorry! Let me check.");
        Assert.Equal(winnerId, reply.GetProperty("userFrom").GetString());
        Assert.Equal("agent", reply.GetProperty("senderRole").GetString());
        Assert.Equal("Sorry! Let me check.", (await secondTab.WaitForMessageAsync("Sorry! Let me check.")).GetProperty("message").GetString());
        Assert.True(CompareIds(own.GetProperty("id").GetString()!, reply.GetProperty("id").GetString()!) < 0);

        await customer.SendAsync("/chat/message", new { userFrom = customer.UserId, message = "Thanks" });
        var thanks = await winner.WaitForMessageAsync("Thanks");
        Assert.Equal(winnerId, thanks.GetProperty("userTo").GetString());
        Assert.Equal("Thanks", (await secondTab.WaitForMessageAsync("Thanks")).GetProperty("message").GetString());

        // Typing and read receipts reach the other party.
        await winner.SendAsync("/chat/typing", new { conversationId, typing = true });
        var typing = await customer.WaitForAsync(ChatParty.Events, "typing");
        Assert.True(typing.GetProperty("typing").GetBoolean());
        Assert.Equal(winnerId, typing.GetProperty("userId").GetString());
        await customer.SendAsync("/chat/read", new { messageId = reply.GetProperty("id").GetString() });
        var read = await winner.WaitForAsync(ChatParty.Events, "read");
        Assert.Equal(reply.GetProperty("id").GetString(), read.GetProperty("messageId").GetString());

        // The agent closes; the customer is told and rates.
        await winner.SendAsync("/chat/close", new { conversationId });
        var closed = await customer.WaitForAsync(ChatParty.Events, "conversation.state", e => e.GetProperty("conversation").GetProperty("state").GetString() == "closed");
        Assert.Equal("closed", closed.GetProperty("reason").GetString());
        await loser.WaitForAsync(ChatParty.Support, "conversation.closed");
        await customer.SendAsync("/chat/rate", new { score = 5, comment = "Quick and kind" });
        var rated = await winner.WaitForAsync(ChatParty.Events, "conversation.rated");
        Assert.Equal(5, rated.GetProperty("score").GetInt32());

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/conversations");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", winner.Token.Token);
        using var response = await broker.Http.SendAsync(request);
        var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var stored = list.EnumerateArray().Single(c => c.GetProperty("id").GetString() == conversationId);
        Assert.Equal(5, stored.GetProperty("rating").GetProperty("score").GetInt32());
        Assert.Equal("Quick and kind", stored.GetProperty("rating").GetProperty("comment").GetString());
    }

    [Fact]
    public async Task SnapshotListsConversationsThatWereWaitingBeforeTheAgentSubscribed()
    {
        await using var broker = await StartBrokerAsync();
        await using var customer = await ChatParty.CustomerAsync(broker, "Grace");
        await customer.SendAsync("/chat/message", new { message = "anyone there?" });
        await using var agent = await ChatParty.AgentAsync(broker, "alice");
        var snapshot = await agent.NextAsync(ChatParty.Support);
        Assert.Equal("snapshot", snapshot.GetProperty("type").GetString());
        var conversation = snapshot.GetProperty("conversations").EnumerateArray().Single(c => c.GetProperty("customerId").GetString() == customer.UserId);
        Assert.Equal("waiting", conversation.GetProperty("state").GetString());
        Assert.Equal("anyone there?", conversation.GetProperty("lastMessage").GetProperty("message").GetString());
        Assert.Contains(snapshot.GetProperty("agents").EnumerateArray(), a => a.GetProperty("id").GetString() == "alice" && a.GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task ClaimedConversationLeavesTheQueueForOtherAgents()
    {
        await using var broker = await StartBrokerAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var bob = await ChatParty.AgentAsync(broker, "bob");
        await using var customer = await ChatParty.CustomerAsync(broker);
        var waiting = await bob.WaitForAsync(ChatParty.Support, "conversation.waiting");
        var id = waiting.GetProperty("conversation").GetProperty("id").GetString();
        await alice.SendAsync("/chat/claim", new { conversationId = id });
        var claimed = await bob.WaitForAsync(ChatParty.Support, "conversation.claimed");
        Assert.Equal(id, claimed.GetProperty("conversation").GetProperty("id").GetString());
        Assert.Equal("active", claimed.GetProperty("conversation").GetProperty("state").GetString());
    }

    [Fact]
    public async Task TransferHandsTheConversationAndItsHistoryToTheOtherAgent()
    {
        await using var broker = await StartBrokerAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var bob = await ChatParty.AgentAsync(broker, "bob");
        await using var customer = await ChatParty.CustomerAsync(broker);
        var id = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString();
        await customer.SendAsync("/chat/message", new { message = "billing question" });
        await alice.SendAsync("/chat/claim", new { conversationId = id });
        await alice.SendAsync("/chat/transfer", new { conversationId = id, toAgent = "bob" });

        Assert.Equal("billing question", (await bob.WaitForMessageAsync("billing question")).GetProperty("message").GetString());
        var transferred = await bob.WaitForAsync(ChatParty.Support, "conversation.transferred");
        Assert.Equal("alice", transferred.GetProperty("fromAgent").GetString());
        var state = await customer.WaitForAsync(ChatParty.Events, "conversation.state", e => e.TryGetProperty("reason", out var r) && r.GetString() == "transferred");
        Assert.Equal("Bob", state.GetProperty("conversation").GetProperty("agentName").GetString());

        // Alice no longer writes into it; Bob does.
        await alice.AssertRefusedAsync("/chat/message", new { conversationId = id, message = "still me?" }, "forbidden");
        await bob.SendAsync("/chat/message", new { conversationId = id, message = "Bob here" });
        await customer.WaitForMessageAsync("Bob here");
    }

    [Fact]
    public async Task AgentCapacityLimitsActiveConversations()
    {
        await using var broker = await StartBrokerAsync("CustomerChat:Conversations:AgentCapacity=1");
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var first = await ChatParty.CustomerAsync(broker, "One");
        await using var second = await ChatParty.CustomerAsync(broker, "Two");
        var firstId = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString();
        var secondId = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString();
        await alice.SendAsync("/chat/claim", new { conversationId = firstId });
        await alice.AssertRefusedAsync("/chat/claim", new { conversationId = secondId }, "conflict");
    }

    [Fact]
    public async Task CustomerWritingAfterCloseOpensANewWaitingConversation()
    {
        await using var broker = await StartBrokerAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var customer = await ChatParty.CustomerAsync(broker);
        var firstId = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString();
        await customer.SendAsync("/chat/close", new { });
        await alice.WaitForAsync(ChatParty.Support, "conversation.closed");
        await customer.SendAsync("/chat/message", new { message = "one more thing" });
        var again = await alice.WaitForAsync(ChatParty.Support, "conversation.waiting");
        Assert.NotEqual(firstId, again.GetProperty("conversation").GetProperty("id").GetString());
        Assert.Equal(customer.UserId, again.GetProperty("conversation").GetProperty("customerId").GetString());
    }

    [Fact]
    public async Task IdleConversationIsClosedAfterTheIdleTimeout()
    {
        await using var broker = await StartBrokerAsync("CustomerChat:Conversations:IdleTimeout=00:00:01");
        await using var customer = await ChatParty.CustomerAsync(broker);
        var closed = await customer.WaitForAsync(ChatParty.Events, "conversation.state",
            e => e.GetProperty("conversation").GetProperty("state").GetString() == "closed", TimeSpan.FromSeconds(15));
        Assert.Equal("idle", closed.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task AnIdleCloseDecidedOnAStaleReadLeavesAConversationWithLaterActivityOpen()
    {
        await using var broker = await StartBrokerAsync();
        var conversations = broker.Services.GetRequiredService<ConversationService>();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var customer = await ChatParty.CustomerAsync(broker);
        var id = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString()!;
        var opened = (await conversations.GetLatestForCustomerAsync(customer.UserId))!;
        Assert.Equal(id, opened.Id);

        // As the sweeper would after reading a state older than the conversation's last activity: refused.
        Assert.False(await conversations.CloseIdleAsync(id, idleSince: opened.LastActivityAt.AddSeconds(-1)));
        Assert.NotEqual(ConversationStates.Closed, (await conversations.GetLatestForCustomerAsync(customer.UserId))!.State);

        // With no activity after the cutoff it closes, and the customer is told why.
        Assert.True(await conversations.CloseIdleAsync(id, idleSince: opened.LastActivityAt));
        var closed = await customer.WaitForAsync(ChatParty.Events, "conversation.state",
            e => e.GetProperty("conversation").GetProperty("state").GetString() == "closed");
        Assert.Equal("idle", closed.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task AgentGoesOfflineOnlyAfterThePresenceGrace()
    {
        await using var broker = await StartBrokerAsync("CustomerChat:Conversations:PresenceGrace=00:00:00.300");
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        var bob = await ChatParty.AgentAsync(broker, "bob");
        await alice.WaitForAsync(ChatParty.Support, "agent.online", e => e.GetProperty("agentId").GetString() == "bob");
        await bob.DisposeAsync();
        var offline = await alice.WaitForAsync(ChatParty.Support, "agent.offline", e => e.GetProperty("agentId").GetString() == "bob");
        Assert.Equal("Bob", offline.GetProperty("agentName").GetString());
    }

    [Fact]
    public async Task ReloadWithinTheGraceDoesNotAnnounceTheCustomerAsGone()
    {
        await using var broker = await StartBrokerAsync("CustomerChat:Conversations:PresenceGrace=00:00:02");
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        var customer = await ChatParty.CustomerAsync(broker);
        var fence = await ChatParty.CustomerAsync(broker, "Fence");
        await alice.WaitForAsync(ChatParty.Support, "customer.connected", e => e.GetProperty("customerId").GetString() == fence.UserId);
        await customer.DisposeAsync();
        await using var reloaded = await ChatParty.ConnectAsync(broker, customer.Token, agent: false);

        // The fence leaves after the reload, so its announcement comes one grace after the moment a wrong
        // announcement of the reloaded customer would have come: everything before it is what the grace decided.
        await fence.DisposeAsync();
        var seen = new List<JsonElement>();
        while (true)
        {
            var next = await alice.NextAsync(ChatParty.Support, TimeSpan.FromSeconds(15));
            if (next.GetProperty("type").GetString() == "customer.disconnected" && next.GetProperty("customerId").GetString() == fence.UserId)
            {
                break;
            }

            seen.Add(next);
        }

        Assert.DoesNotContain(seen, e => e.GetProperty("type").GetString() is "customer.disconnected" or "customer.connected"
            && e.GetProperty("customerId").GetString() == customer.UserId);
    }

    [Fact]
    public async Task ClosedConversationIsRemovedAfterItsRetention()
    {
        await using var broker = await StartBrokerAsync("CustomerChat:Conversations:Retention=00:00:01");
        await using var customer = await ChatParty.CustomerAsync(broker);
        var id = (await customer.WaitForAsync(ChatParty.Events, "conversation.state", e => e.GetProperty("conversation").ValueKind == JsonValueKind.Object))
            .GetProperty("conversation").GetProperty("id").GetString();
        await customer.SendAsync("/chat/message", new { message = "bye" });
        await customer.SendAsync("/chat/close", new { });
        var deadline = DateTime.UtcNow.AddSeconds(15);
        System.Net.HttpStatusCode status;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/conversations/{id}/messages");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer.Token.Token);
            using var response = await broker.Http.SendAsync(request);
            status = response.StatusCode;
            if (status == System.Net.HttpStatusCode.NotFound)
            {
                break;
            }

            await Task.Delay(200); // polling an HTTP resource for a timed removal; bounded by the deadline
        }
        while (DateTime.UtcNow < deadline);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, status);
    }

    internal static int CompareIds(string a, string b)
    {
        var (am, aseq) = Split(a);
        var (bm, bseq) = Split(b);
        return am != bm ? am.CompareTo(bm) : aseq.CompareTo(bseq);

        static (long, long) Split(string id)
        {
            var parts = id.Split('-');
            return (long.Parse(parts[0]), long.Parse(parts[1]));
        }
    }
}

public sealed class InMemoryLifecycleScenarios : LifecycleScenarios
{
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => BrokerHost.StartAsync(settings);
}
