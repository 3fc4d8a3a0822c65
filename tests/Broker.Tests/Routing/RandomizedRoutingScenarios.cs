using System.Diagnostics;
using System.Text.Json;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol.Chat;
using Xunit.Abstractions;

namespace CustomerChat.Broker.Tests.Routing;

/// <summary>
/// The randomized concurrency test of routing (docs/protocol.md §12) on two instances: customers arrive (in the general
/// queue or a department) and leave, agents of different capacities and departments close chats, claim by hand, switch
/// between available and away, disconnect (going offline, their chats re-queued after <c>RequeueAfter</c>) and come back
/// on either instance, all at random. After every step <see cref="RoutingInvariants"/> must hold; at the end every
/// agent comes back, the agents close chats until nobody waits (every waiting conversation is assigned once capacity
/// exists), each conversation was claimed once per time it waited, and each waiting customer's last
/// <c>queue.position</c> is its listed position. Size and seed: <see cref="RandomRoutingSettings"/>.
/// </summary>
public abstract class RandomizedRoutingScenarios(ITestOutputHelper output) : RoutingScenarioBase
{
    private const int MaxOpen = 30;
    private static readonly string?[] CustomerDepartments = [null, null, "sales", "support"];
    private static readonly string[] AgentIds = ["alice", "bob", "carol", "dave"];

    [Fact]
    public async Task Random_arrivals_departures_claims_closes_status_changes_and_agents_leaving_keep_every_routing_invariant()
    {
        var steps = RandomRoutingSettings.Steps;
        var seed = RandomRoutingSettings.Seed;
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        await using var pair = await StartPairAsync([
            "CustomerChat:Routing:Mode=auto", "CustomerChat:Conversations:PresenceGrace=00:00:00.300", "CustomerChat:Routing:RequeueAfter=00:00:01",
            "CustomerChat:Limits:SendsPerSecondPerConnection=1000",
            .. Departments("sales", "support"),
            .. Agents(("alice", 2, []), ("bob", 3, []), ("carol", 1, ["sales"]), ("dave", 2, ["support"]), ("watch", 0, []))]);
        await using var watcher = await ChatParty.AgentAsync(pair.A, "watch");
        await watcher.SendAsync("/chat/status", new { status = "away" });
        var invariants = new RoutingInvariants(pair, watcher);
        var agents = AgentIds.ToDictionary(id => id, _ => (ChatParty?)null, StringComparer.Ordinal);
        var customers = new Dictionary<string, ChatParty>(StringComparer.Ordinal); // by conversation id, while open
        var actions = new Dictionary<string, int>(StringComparer.Ordinal);
        var refusals = new Dictionary<string, int>(StringComparer.Ordinal);
        BrokerHost AnyInstance() => random.Next(2) == 0 ? pair.A : pair.B;

        async Task<string> StepAsync()
        {
            var roll = random.Next(100);
            var connected = agents.Where(a => a.Value is not null).Select(a => (Id: a.Key, Party: a.Value!)).ToList();
            var open = await invariants.OpenAsync();
            if (roll < 30)
            {
                if (open.Count >= MaxOpen)
                {
                    return "skip: arrive (full)";
                }

                var department = CustomerDepartments[random.Next(CustomerDepartments.Length)];
                var name = "C" + customers.Count;
                var customer = department is null ? await ChatParty.CustomerAsync(AnyInstance(), name) : await CustomerInAsync(AnyInstance(), name, department);
                customers[await OpenConversationAsync(customer)] = customer;
                return $"arrive: {department ?? "general"}";
            }

            if (roll < 40)
            {
                var leaving = customers.Keys.Where(id => open.Any(c => c.Id == id)).ToList();
                if (leaving.Count == 0)
                {
                    return "skip: leave";
                }

                var id = leaving[random.Next(leaving.Count)];
                Count(refusals, await TrySendAsync(customers[id], "/chat/close", new { }));
                await customers[id].DisposeAsync();
                customers.Remove(id);
                return $"leave: {id}";
            }

            if (connected.Count == 0)
            {
                return await AgentComesAsync();
            }

            var (agentId, agent) = connected[random.Next(connected.Count)];
            if (roll < 57)
            {
                var held = open.Where(c => c.State == ConversationStates.Active && c.AgentId == agentId).ToList();
                if (held.Count == 0)
                {
                    return "skip: close";
                }

                var id = held[random.Next(held.Count)].Id;
                Count(refusals, await TrySendAsync(agent, "/chat/close", new { conversationId = id }));
                return $"close: {agentId} {id}";
            }

            if (roll < 70)
            {
                var status = random.Next(3) == 0 ? "away" : "available";
                await agent.SendAsync("/chat/status", new { status });
                return $"status: {agentId} {status}";
            }

            if (roll < 80)
            {
                var waiting = open.Where(c => c.State == ConversationStates.Waiting).ToList();
                if (waiting.Count == 0)
                {
                    return "skip: claim";
                }

                var id = waiting[random.Next(waiting.Count)].Id;
                Count(refusals, await TrySendAsync(agent, "/chat/claim", new { conversationId = id }));
                return $"claim: {agentId} {id}";
            }

            if (roll < 88)
            {
                await agent.DisposeAsync();
                agents[agentId] = null;
                return $"disconnect: {agentId}";
            }

            return await AgentComesAsync();
        }

        async Task<string> AgentComesAsync()
        {
            var away = agents.Where(a => a.Value is null).Select(a => a.Key).ToList();
            if (away.Count == 0)
            {
                return "skip: connect";
            }

            var id = away[random.Next(away.Count)];
            var instance = AnyInstance();
            agents[id] = await ChatParty.AgentAsync(instance, id);
            return $"connect: {id} to {(instance == pair.A ? "A" : "B")}";
        }

        try
        {
            for (var step = 0; step < steps; step++)
            {
                string action;
                try
                {
                    action = await StepAsync();
                }
                catch (Exception e) when (e is TimeoutException or InvalidOperationException)
                {
                    throw new InvalidOperationException($"seed {seed}, step {step}: {e.Message}", e);
                }

                Count(actions, action[..action.IndexOf(':', StringComparison.Ordinal)]);
                await invariants.SettleAsync($"seed {seed}, step {step} ({action})");
            }

            // The end: every agent back and available; the agents close chats until nobody waits.
            foreach (var id in AgentIds)
            {
                agents[id] ??= await ChatParty.AgentAsync(AnyInstance(), id);
                await agents[id]!.SendAsync("/chat/status", new { status = "available" });
            }

            await invariants.SettleAsync($"seed {seed}, end");
            await AssertLastPositionsAsync(invariants, customers, $"seed {seed}, end");
            var drained = 0;
            while ((await invariants.OpenAsync()).Where(c => c.State == ConversationStates.Active).MinBy(c => c.CreatedAt) is { } oldest
                   && (await invariants.OpenAsync()).Any(c => c.State == ConversationStates.Waiting))
            {
                await agents[oldest.AgentId!]!.SendAsync("/chat/close", new { conversationId = oldest.Id });
                await invariants.SettleAsync($"seed {seed}, end, close {++drained}");
            }

            Assert.DoesNotContain(await invariants.OpenAsync(), c => c.State == ConversationStates.Waiting);
            await invariants.AssertClaimCountsAsync($"seed {seed}, end");
            output.WriteLine($"seed {seed}: {steps} steps in {clock.Elapsed.TotalSeconds:F1} s, {invariants.Checks} invariant checks passed, "
                + $"{invariants.Claims.Values.Sum()} claims, {invariants.Requeues.Values.Sum()} re-queues, {drained} closes to drain; "
                + $"steps: {string.Join(", ", actions.OrderBy(a => a.Key).Select(a => $"{a.Key} {a.Value}"))}; "
                + $"refusals: {string.Join(", ", refusals.OrderBy(a => a.Key).Select(a => $"{a.Key} {a.Value}"))}");
        }
        finally
        {
            foreach (var party in customers.Values.Concat(agents.Values.OfType<ChatParty>()))
            {
                await party.DisposeAsync();
            }
        }
    }

    // Each waiting customer's last queue.position names the place its conversation holds in its queue now.
    private static async Task AssertLastPositionsAsync(RoutingInvariants invariants, Dictionary<string, ChatParty> customers, string where)
    {
        foreach (var (id, position) in await invariants.PositionsAsync())
        {
            var customer = customers[id];
            await customer.WaitForAsync(ChatParty.Events, "queue.position", e => e.GetProperty("conversationId").GetString() == id && e.GetProperty("position").GetInt32() == position);
            var later = (await PartyFence.DrainAsync(customer, ChatParty.Events)).Where(e => e.TryGetProperty("type", out var t) && t.GetString() == "queue.position").ToList();
            Assert.True(later.Count == 0 || later[^1].GetProperty("position").GetInt32() == position,
                $"{where}: {id} stands at {position} but was last told {later.LastOrDefault()}");
        }
    }

    private static void Count(Dictionary<string, int> counts, string? key)
    {
        if (key is not null)
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
    }

    // SENDs and returns null on a RECEIPT, or the refusal's code (a refused frame gets no RECEIPT). Frames of one
    // connection are handled in order, but a RECEIPT may wait for the work it confirms, so both are watched until one
    // comes (the errors queue after each fence, the RECEIPT meanwhile).
    private static async Task<string?> TrySendAsync(ChatParty party, string destination, object body)
    {
        var receipt = await party.SendExpectingRefusalAsync(destination, body);
        var deadline = DateTime.UtcNow + StompTestClient.Timeout;
        while (true)
        {
            var errors = await PartyFence.DrainAsync(party, ChatParty.Errors);
            if (errors.Count > 0)
            {
                return errors[^1].GetProperty("code").GetString();
            }

            if (party.GotReceipt(receipt))
            {
                return null;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Neither a RECEIPT nor a refusal for {destination} {JsonSerializer.Serialize(body)} of {party.UserId} within {StompTestClient.Timeout.TotalSeconds} s.");
            }

            await Task.WhenAny(party.ReceiptAsync(receipt), Task.Delay(TimeSpan.FromMilliseconds(200)));
        }
    }
}
