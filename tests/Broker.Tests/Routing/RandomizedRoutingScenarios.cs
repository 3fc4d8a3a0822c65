using System.Text.Json;
using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Tests.Routing;

/// <summary>
/// Customers arrive and leave, agents close chats and change status at random, on two instances: after every step no
/// agent holds more than its capacity; at the end every waiting conversation that capacity allows is assigned, none
/// twice, and the queue positions run 1..n without gaps.
/// </summary>
public abstract class RandomizedRoutingScenarios : RoutingScenarioBase
{
    private const int Capacity = 2, Steps = 120;

    [Fact]
    public async Task Random_arrivals_departures_closes_and_status_changes_keep_every_routing_invariant()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        await using var pair = await StartPairAsync(["CustomerChat:Routing:Mode=auto", $"CustomerChat:Conversations:AgentCapacity={Capacity}"]);
        var store = pair.A.Services.GetRequiredService<IConversationStore>();
        await using var alice = await ChatParty.AgentAsync(pair.A, "alice");
        await using var bob = await ChatParty.AgentAsync(pair.B, "bob");
        var agents = new[] { alice, bob };
        var customers = new List<ChatParty>();
        var claims = new Dictionary<string, int>();

        async Task DrainClaimsAsync()
        {
            foreach (var e in await alice.DrainAsync(ChatParty.Support))
            {
                if (e.GetProperty("type").GetString() == "conversation.claimed")
                {
                    var id = ConversationId(e);
                    claims[id] = claims.GetValueOrDefault(id) + 1;
                }
            }
        }

        try
        {
            for (var step = 0; step < Steps; step++)
            {
                switch (random.Next(5))
                {
                    case 0 or 1:
                        customers.Add(await ChatParty.CustomerAsync(random.Next(2) == 0 ? pair.A : pair.B, $"C{step}"));
                        break;
                    case 2 when customers.Count > 0:
                        var leaving = customers[random.Next(customers.Count)];
                        var mine = await store.GetLatestForCustomerAsync(leaving.UserId);
                        if (mine is { State: not ConversationStates.Closed })
                        {
                            await leaving.SendAsync("/chat/close", new { });
                        }

                        break;
                    case 3:
                        var closer = agents[random.Next(2)];
                        var held = (await store.ListForUserAsync(closer.UserId)).Where(c => c.State == ConversationStates.Active && c.AgentId == closer.UserId).ToList();
                        if (held.Count > 0)
                        {
                            await closer.SendAsync("/chat/close", new { conversationId = held[random.Next(held.Count)].Id });
                        }

                        break;
                    default:
                        await agents[random.Next(2)].SendAsync("/chat/status", new { status = random.Next(3) == 0 ? "away" : "available" });
                        break;
                }

                var loads = (await store.ListAsync(includeClosed: false)).Where(c => c.State == ConversationStates.Active)
                    .GroupBy(c => c.AgentId!).ToDictionary(g => g.Key, g => g.Count());
                Assert.True(loads.Values.All(n => n <= Capacity), $"seed {seed}, step {step}: loads {string.Join(", ", loads)}");
            }

            // Both available: everything capacity allows gets assigned, each conversation once.
            await alice.SendAsync("/chat/status", new { status = "available" });
            await bob.SendAsync("/chat/status", new { status = "available" });
            while (true)
            {
                var open = await store.ListAsync(includeClosed: false);
                var waiting = open.Count(c => c.State == ConversationStates.Waiting);
                var active = open.Count(c => c.State == ConversationStates.Active);
                if (waiting == 0 || active == 2 * Capacity)
                {
                    break;
                }

                var claimed = await alice.WaitForAsync(ChatParty.Support, "conversation.claimed");
                claims[ConversationId(claimed)] = claims.GetValueOrDefault(ConversationId(claimed)) + 1;
            }

            await DrainClaimsAsync();
            Assert.All(claims, c => Assert.True(c.Value == 1, $"seed {seed}: {c.Key} claimed {c.Value} times"));
            var listed = await ListAsync(pair.B, bob);
            var positions = listed.Where(c => c.GetProperty("state").GetString() == "waiting")
                .Select(c => c.TryGetProperty("queuePosition", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : 0).Order().ToList();
            Assert.Equal(Enumerable.Range(1, positions.Count), positions);
        }
        finally
        {
            foreach (var customer in customers)
            {
                await customer.DisposeAsync();
            }
        }
    }
}
