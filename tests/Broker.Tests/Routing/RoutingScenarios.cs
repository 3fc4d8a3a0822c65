using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Routing;

/// <summary>
/// The routing rules (docs/protocol.md §12) as one behaviour suite, run in memory and on Redis with two instances.
/// </summary>
public abstract class RoutingScenarios : RoutingScenarioBase
{
    [Fact]
    public async Task Waiting_conversations_are_assigned_oldest_first_as_capacity_frees()
    {
        await using var broker = await StartAutoAsync("CustomerChat:Conversations:AgentCapacity=1");
        var customers = new List<ChatParty>();
        var ids = new List<string>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var customer = await ChatParty.CustomerAsync(broker, $"C{i}");
                customers.Add(customer);
                ids.Add(await OpenConversationAsync(customer));
                await PositionAsync(customer, i + 1);
            }

            await using var alice = await ChatParty.AgentAsync(broker, "alice");
            // Capacity 1: the next one can only come after the previous is closed, so the order is the queue's.
            for (var i = 0; i < 3; i++)
            {
                var assigned = await AssignedAsync(customers[i]);
                Assert.Equal(ids[i], assigned.GetProperty("id").GetString());
                Assert.Equal("alice", assigned.GetProperty("agentId").GetString());
                if (i > 0)
                {
                    // The first claim may come before alice's topic subscription; the later ones come after it.
                    var claimed = await alice.WaitForAsync(ChatParty.Support, "conversation.claimed", e => ConversationId(e) == ids[i]);
                    Assert.Equal("auto", claimed.GetProperty("assignedBy").GetString());
                }

                await alice.SendAsync("/chat/close", new { conversationId = ids[i] });
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
    public async Task The_least_loaded_agent_gets_the_next_conversation_and_a_tie_goes_to_the_least_recently_assigned()
    {
        await using var broker = await StartAutoAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var bob = await ChatParty.AgentAsync(broker, "bob");
        var held = new Dictionary<string, List<string>> { ["alice"] = [], ["bob"] = [] };
        var customers = new List<ChatParty>();

        async Task<string> NextAsync()
        {
            var customer = await ChatParty.CustomerAsync(broker, "C" + customers.Count);
            customers.Add(customer);
            var conversation = await AssignedAsync(customer);
            var agent = conversation.GetProperty("agentId").GetString()!;
            held[agent].Add(conversation.GetProperty("id").GetString()!);
            return agent;
        }

        async Task CloseAsync(ChatParty agent)
        {
            var id = held[agent.UserId][0];
            held[agent.UserId].RemoveAt(0);
            await agent.SendAsync("/chat/close", new { conversationId = id });
            await agent.WaitForAsync(ChatParty.Support, "agent.status", e => e.GetProperty("agentId").GetString() == agent.UserId
                && e.GetProperty("activeConversations").GetInt32() == held[agent.UserId].Count);
        }

        try
        {
            Assert.Equal("alice", await NextAsync()); // 0/0, never assigned: the smaller id
            Assert.Equal("bob", await NextAsync());   // 1/0: least loaded
            Assert.Equal("alice", await NextAsync()); // 1/1: alice was assigned less recently
            Assert.Equal("bob", await NextAsync());   // 2/1
            await CloseAsync(alice);                  // 1/2
            Assert.Equal("alice", await NextAsync()); // least loaded again: 2/2, alice now the most recent
            Assert.Equal("bob", await NextAsync());   // 2/2 tie: bob was assigned less recently than alice
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
    public async Task Capacity_is_never_exceeded_and_nothing_is_assigned_twice_under_a_concurrent_burst_on_two_instances()
    {
        const int capacity = 3, customerCount = 24;
        await using var pair = await StartPairAsync(["CustomerChat:Routing:Mode=auto", $"CustomerChat:Conversations:AgentCapacity={capacity}"]);
        await using var alice = await ChatParty.AgentAsync(pair.A, "alice");
        await using var bob = await ChatParty.AgentAsync(pair.B, "bob");
        await alice.WaitForAsync(ChatParty.Support, "agent.status", e => e.GetProperty("agentId").GetString() == "bob" && e.GetProperty("status").GetString() == "available");

        var claims = new ConcurrentDictionary<string, int>();
        var customers = await Task.WhenAll(Enumerable.Range(0, customerCount).Select(i => ChatParty.CustomerAsync(i % 2 == 0 ? pair.A : pair.B, "C" + i)));
        try
        {
            for (var i = 0; i < 2 * capacity; i++)
            {
                var claimed = await alice.WaitForAsync(ChatParty.Support, "conversation.claimed");
                claims.AddOrUpdate(ConversationId(claimed), 1, (_, n) => n + 1);
            }

            // A freed slot is filled once, which also proves no assignment beyond capacity came before it.
            var first = claims.Keys.First();
            var holder = (await ListAsync(pair.A, alice)).Single(c => c.GetProperty("id").GetString() == first).GetProperty("agentId").GetString();
            await (holder == "alice" ? alice : bob).SendAsync("/chat/close", new { conversationId = first });
            var refill = await alice.WaitForAsync(ChatParty.Support, "conversation.claimed");
            Assert.Equal(holder, refill.GetProperty("conversation").GetProperty("agentId").GetString());
            claims.AddOrUpdate(ConversationId(refill), 1, (_, n) => n + 1);

            Assert.All(claims.Values, n => Assert.Equal(1, n));
            var list = await ListAsync(pair.B, bob);
            var active = list.Where(c => c.GetProperty("state").GetString() == "active").ToList();
            Assert.Equal(2 * capacity, active.Count);
            Assert.All(active.GroupBy(c => c.GetProperty("agentId").GetString()), g => Assert.Equal(capacity, g.Count()));
            var positions = list.Where(c => c.GetProperty("state").GetString() == "waiting")
                .Select(c => c.GetProperty("queuePosition").GetInt32()).Order().ToList();
            Assert.Equal(Enumerable.Range(1, customerCount - 2 * capacity - 1), positions);
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
    public async Task An_agent_becoming_available_gets_a_waiting_conversation_within_one_second()
    {
        await using var broker = await StartAutoAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await alice.SendAsync("/chat/status", new { status = "away" });
        await using var customer = await ChatParty.CustomerAsync(broker, "Ada");
        await PositionAsync(customer, 1);

        var clock = Stopwatch.StartNew();
        await alice.SendAsync("/chat/status", new { status = "available" });
        await AssignedAsync(customer);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"assigned after {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Waiting_customers_learn_their_position_and_each_change_of_it()
    {
        await using var broker = await StartAutoAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await alice.SendAsync("/chat/status", new { status = "away" });
        await using var first = await ChatParty.CustomerAsync(broker, "First");
        await using var second = await ChatParty.CustomerAsync(broker, "Second");
        await using var third = await ChatParty.CustomerAsync(broker, "Third");

        var one = await PositionAsync(first, 1);
        Assert.Equal(JsonValueKind.Null, one.GetProperty("estimatedWaitSeconds").ValueKind);
        await PositionAsync(second, 2);
        var three = await PositionAsync(third, 3);
        Assert.Equal(3, three.GetProperty("waiting").GetInt32());
        var listed = (await ListAsync(broker, alice)).Where(c => c.GetProperty("state").GetString() == "waiting")
            .ToDictionary(c => c.GetProperty("customerId").GetString()!, c => c.GetProperty("queuePosition").GetInt32());
        Assert.Equal(3, listed[third.UserId]);

        // The first leaves: everyone behind moves up.
        await first.SendAsync("/chat/close", new { });
        var moved = await PositionAsync(second, 1);
        Assert.Equal(2, moved.GetProperty("waiting").GetInt32());
        await PositionAsync(third, 2);

        // After assignments the estimate appears.
        await alice.SendAsync("/chat/status", new { status = "available" });
        await AssignedAsync(second);
        await AssignedAsync(third);
        await using var fourth = await ChatParty.CustomerAsync(broker, "Fourth");
        await alice.SendAsync("/chat/status", new { status = "away" });
        await using var fifth = await ChatParty.CustomerAsync(broker, "Fifth");
        var estimated = await fifth.WaitForAsync(ChatParty.Events, "queue.position");
        Assert.NotEqual(JsonValueKind.Null, estimated.GetProperty("estimatedWaitSeconds").ValueKind);
    }

    [Fact]
    public async Task Conversations_of_an_agent_offline_past_RequeueAfter_go_back_ahead_of_the_queue()
    {
        await using var broker = await StartAutoAsync("CustomerChat:Routing:RequeueAfter=00:00:01", "CustomerChat:Conversations:PresenceGrace=00:00:00.200");
        await using var bob = await ChatParty.AgentAsync(broker, "bob");
        await bob.SendAsync("/chat/status", new { status = "away" });
        var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var held = await ChatParty.CustomerAsync(broker, "Held");
        var conversationId = (await AssignedAsync(held)).GetProperty("id").GetString();
        await alice.SendAsync("/chat/status", new { status = "away" });
        await using var waiting = await ChatParty.CustomerAsync(broker, "Waiting");
        await PositionAsync(waiting, 1);

        await alice.DisposeAsync();
        var offline = await bob.WaitForAsync(ChatParty.Support, "agent.status", e => e.GetProperty("agentId").GetString() == "alice" && e.GetProperty("status").GetString() == "offline");
        var requeued = await bob.WaitForAsync(ChatParty.Support, "conversation.requeued");
        Assert.Equal(conversationId, ConversationId(requeued));
        Assert.Equal("alice", requeued.GetProperty("fromAgent").GetString());
        Assert.Equal("waiting", requeued.GetProperty("conversation").GetProperty("state").GetString());

        var state = await held.WaitForAsync(ChatParty.Events, "conversation.state", e => Reason(e) == "requeued");
        Assert.Equal(JsonValueKind.Null, state.GetProperty("conversation").GetProperty("agentId").ValueKind);
        await PositionAsync(held, 1);
        await PositionAsync(waiting, 2);
        Assert.Equal(5, offline.GetProperty("capacity").GetInt32());
    }

    [Fact]
    public async Task Each_department_is_its_own_queue_served_by_its_agents()
    {
        await using var broker = await StartAutoAsync([.. Departments("sales", "support"),
            .. Agents(("carol", null, ["sales"]), ("dave", null, ["support"]))]);
        await using var dave = await ChatParty.AgentAsync(broker, "dave");

        // A sales customer waits while only support is there.
        await using var buyer = await CustomerInAsync(broker, "Buyer", "sales");
        var position = await PositionAsync(buyer, 1);
        Assert.Equal(1, position.GetProperty("waiting").GetInt32());
        var departments = await broker.Http.GetFromJsonAsync<JsonElement>("api/departments");
        Assert.Equal([false, true], departments.EnumerateArray().Select(d => d.GetProperty("available").GetBoolean()));

        // The first message may pick the department: it moves to the support queue and dave takes it.
        await dave.SendAsync("/chat/status", new { status = "away" });
        await using var user = await ChatParty.CustomerAsync(broker, "User");
        await user.AssertRefusedAsync("/chat/message", new { message = "hi", department = "nowhere" }, "invalid");
        await user.SendAsync("/chat/message", new { message = "my printer", department = "support" });
        await dave.SendAsync("/chat/status", new { status = "available" });
        var assigned = await AssignedAsync(user);
        Assert.Equal("dave", assigned.GetProperty("agentId").GetString());
        Assert.Equal("support", assigned.GetProperty("department").GetString());

        // Carol serves sales.
        await using var carol = await ChatParty.AgentAsync(broker, "carol");
        Assert.Equal("carol", (await AssignedAsync(buyer)).GetProperty("agentId").GetString());
    }

    [Fact]
    public async Task An_agent_own_capacity_limits_its_assignments_and_transfers()
    {
        await using var broker = await StartAutoAsync(Agents(("carol", 1, []), ("dave", null, [])));
        await using var carol = await ChatParty.AgentAsync(broker, "carol");
        await using var first = await ChatParty.CustomerAsync(broker, "First");
        await AssignedAsync(first);
        await using var second = await ChatParty.CustomerAsync(broker, "Second");
        await PositionAsync(second, 1);

        await using var dave = await ChatParty.AgentAsync(broker, "dave");
        var conversation = await AssignedAsync(second);
        Assert.Equal("dave", conversation.GetProperty("agentId").GetString());
        var refusal = await dave.AssertRefusedAsync("/chat/transfer", new { conversationId = conversation.GetProperty("id").GetString(), toAgent = "carol" }, "conflict");
        Assert.Contains("1", refusal.GetProperty("message").GetString());
    }

    [Fact]
    public async Task In_manual_mode_conversations_wait_for_a_claim_by_hand()
    {
        await using var broker = await StartBrokerAsync("CustomerChat:Routing:Mode=manual");
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var customer = await ChatParty.CustomerAsync(broker, "Ada");
        var id = await OpenConversationAsync(customer);
        await PositionAsync(customer, 1);

        // Had it been assigned, the claim would be refused as already claimed.
        await alice.SendAsync("/chat/claim", new { conversationId = id });
        var claimed = await alice.WaitForAsync(ChatParty.Support, "conversation.claimed");
        Assert.Equal("agent", claimed.GetProperty("assignedBy").GetString());
    }

    [Fact]
    public async Task In_auto_mode_an_agent_may_still_claim_by_hand()
    {
        await using var broker = await StartAutoAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await alice.SendAsync("/chat/status", new { status = "away" });
        await using var customer = await ChatParty.CustomerAsync(broker, "Ada");
        var id = await OpenConversationAsync(customer);
        await PositionAsync(customer, 1);
        await alice.SendAsync("/chat/claim", new { conversationId = id });
        Assert.Equal("agent", (await alice.WaitForAsync(ChatParty.Support, "conversation.claimed")).GetProperty("assignedBy").GetString());
    }

    [Fact]
    public async Task Status_is_for_agents_with_known_values_and_shows_in_the_snapshot()
    {
        await using var broker = await StartAutoAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        var snapshot = await alice.WaitForAsync(ChatParty.Support, "snapshot");
        var me = snapshot.GetProperty("agents").EnumerateArray().Single(a => a.GetProperty("id").GetString() == "alice");
        Assert.True(me.GetProperty("online").GetBoolean());
        Assert.Equal("available", me.GetProperty("status").GetString());
        Assert.Equal(0, me.GetProperty("activeConversations").GetInt32());
        Assert.Equal(5, me.GetProperty("capacity").GetInt32());

        await alice.AssertRefusedAsync("/chat/status", new { status = "busy" }, "invalid");
        await alice.AssertRefusedAsync("/chat/status", new { status = "offline" }, "invalid");
        await alice.SendAsync("/chat/status", new { status = "away" });
        var away = await alice.WaitForAsync(ChatParty.Support, "agent.status", e => e.GetProperty("status").GetString() == "away");
        Assert.Equal("Alice", away.GetProperty("agentName").GetString());
        Assert.Equal(5, away.GetProperty("capacity").GetInt32());

        await using var customer = await ChatParty.CustomerAsync(broker, "Ada");
        await customer.AssertRefusedAsync("/chat/status", new { status = "available" }, "forbidden");
    }
}
