using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Redis;

/// <summary>
/// Live order = history order (docs/SCALING.md "Order"): a customer on one instance and its agent on another write
/// at the same instant, round after round; every session of both parties, on either instance, sees the
/// conversation's messages in id order, which is the history's order. On a single Redis and on a Redis Cluster.
/// </summary>
public abstract class OrderScenarios
{
    private const int Rounds = 25;

    /// <summary>The instances a test starts share <paramref name="prefix"/>.</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync(string prefix, params string[] settings);

    [Fact]
    public async Task TwoPartiesWritingAtTheSameInstantOnTwoInstancesAreSeenByEverySessionInHistoryOrder()
    {
        var prefix = RedisFixture.NewPrefix();
        await using var a = await StartBrokerAsync(prefix);
        await using var b = await StartBrokerAsync(prefix);
        await using var alice = await ChatParty.AgentAsync(b, "alice");
        await using var customer = await ChatParty.CustomerAsync(a);
        var id = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString()!;
        await alice.SendAsync("/chat/claim", new { conversationId = id });

        // A second session of each party, on the other instance: third parties to the writers' race.
        await using var customerTab = await ChatParty.ConnectAsync(b, customer.Token, agent: false);
        await using var aliceTab = await ChatParty.ConnectAsync(a, alice.Token, agent: false);

        for (var i = 0; i < Rounds; i++)
        {
            await Task.WhenAll(
                customer.SendAsync("/chat/message", new { message = $"c{i}" }),
                alice.SendAsync("/chat/message", new { conversationId = id, message = $"a{i}" }));
        }

        var history = await RedisScaleOutTests.ReadAllPagesAsync(a, id, customer.Token.Token);
        Assert.Equal(2 * Rounds, history.Count);
        foreach (var session in new[] { customer, alice, customerTab, aliceTab })
        {
            var seen = new List<(string Id, string Text)>();
            while (seen.Count < 2 * Rounds)
            {
                var message = await session.NextAsync(ChatParty.Messages);
                seen.Add((message.GetProperty("id").GetString()!, message.GetProperty("message").GetString()!));
            }

            Assert.Equal(history, seen);
        }
    }
}

/// <summary><see cref="OrderScenarios"/> on a single Redis (one script appends and publishes).</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisOrderScenarios(RedisFixture redis) : OrderScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(string prefix, params string[] settings) => redis.StartBrokerAsync(prefix, settings);
}

/// <summary><see cref="OrderScenarios"/> on a Redis Cluster (the conversation's order lock, sharded publishes).</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterOrderScenarios(RedisClusterFixture cluster) : OrderScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(string prefix, params string[] settings) => cluster.StartBrokerAsync(prefix, settings);
}
