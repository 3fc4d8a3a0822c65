using System.Net;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Workspace;

/// <summary>
/// Erasure ends the customer's sessions on every instance (docs/protocol.md §14 "Data protection"): two brokers share
/// one Redis (or a 3-master Redis Cluster); the customer is connected to B only, the administrator erases it through
/// A, and B's connections of the customer (one subscribed to the chat queues, one that subscribed to nothing) get
/// ERROR <c>account erased</c> and are closed, while the agent and another customer on B go on chatting.
/// </summary>
public abstract class ErasureAcrossInstancesScenarios
{
    /// <summary>Starts a broker under <paramref name="prefix"/> (brokers sharing a prefix form one deployment).</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync(string prefix);

    [Fact]
    public async Task ErasureRequestedOnOneInstanceEndsTheCustomersSessionsOnAnother()
    {
        var prefix = RedisFixture.NewPrefix();
        await using var a = await StartBrokerAsync(prefix);
        await using var b = await StartBrokerAsync(prefix);
        await using var alice = await ChatParty.AgentAsync(b, "alice");
        var (ada, adaConversation) = await WorkspaceFlows.OpenAsync(b, alice, await WorkspaceFlows.GuestAsync(b, "Ada"), "please forget me");
        await using var _ = ada;
        await using var adaBare = await b.ConnectAsync(ada.Token.Token);
        var (bea, beaConversation) = await WorkspaceFlows.OpenAsync(b, alice, await WorkspaceFlows.GuestAsync(b, "Bea"), "I stay");
        await using var __ = bea;
        var admin = await a.LoginAsync("alice");

        await Api.ExpectAsync(HttpStatusCode.NoContent, a, HttpMethod.Delete, $"/api/customers/{ada.UserId}", admin.Token);

        var error = await ada.Error.WaitAsync(StompTestClient.Timeout);
        Assert.Equal("account erased", error[StompHeaderNames.Message]);
        Assert.Equal("account erased", (await adaBare.ExpectErrorAsync())[StompHeaderNames.Message]);
        await adaBare.WaitForCloseAsync();
        var closed = await alice.WaitForAsync(ChatParty.Support, "conversation.closed",
            e => e.GetProperty("conversation").GetProperty("id").GetString() == adaConversation);
        Assert.Equal("erased", closed.GetProperty("reason").GetString());

        // The agent and the other customer on B are still connected and chat both ways.
        await bea.SendAsync("/chat/message", new { conversationId = beaConversation, message = "still here after the erasure" });
        await alice.WaitForMessageAsync("still here after the erasure");
        await alice.SendAsync("/chat/message", new { conversationId = beaConversation, message = "so am I" });
        await bea.WaitForMessageAsync("so am I");
        Assert.False(bea.Error.IsCompleted);
        Assert.False(alice.Error.IsCompleted);
        await Api.ExpectAsync(HttpStatusCode.NotFound, b, HttpMethod.Get, $"/api/conversations/{adaConversation}/messages", admin.Token);
    }
}

/// <summary>Two brokers on one Redis server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisErasureAcrossInstancesTests(RedisFixture redis) : ErasureAcrossInstancesScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(string prefix) => redis.StartBrokerAsync(prefix);
}

/// <summary>Two brokers on a 3-master Redis Cluster (the announcement travels on a sharded channel).</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterErasureAcrossInstancesTests(RedisClusterFixture cluster) : ErasureAcrossInstancesScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(string prefix) => cluster.StartBrokerAsync(prefix);
}
