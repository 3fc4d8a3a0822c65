using System.Net;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;
using CustomerChat.Broker.Tests.Workspace;

namespace CustomerChat.Broker.Tests.AgentAccounts;

/// <summary>
/// Disabling or deleting an agent re-queues its conversations at once (docs/protocol.md §15 "Login, disabling and
/// deleting", item 3), through the real routing, not after the offline delay (<c>CustomerChat:Routing:RequeueAfter</c>,
/// 2 minutes by default): the customer is told <c>conversation.state</c> reason <c>requeued</c>, the support topic
/// <c>conversation.requeued</c> from the agent, and another agent can claim the conversation. Memory and Redis.
/// </summary>
public abstract class AgentDisableRequeueScenarios
{
    /// <summary>Starts the broker under test.</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync();

    [Theory]
    [InlineData("disable")]
    [InlineData("delete")]
    public async Task DisablingOrDeletingAnAgentRequeuesItsActiveConversationsAtOnce(string change)
    {
        await using var broker = await StartBrokerAsync();
        var admin = (await broker.LoginAsync("alice")).Token;
        await Api.ExpectAsync(HttpStatusCode.Created, broker, HttpMethod.Post, "/api/agents", admin, new { username = "kim", password = "kim-secret" });
        var kimToken = await broker.LoginAsync("kim", "kim-secret");
        await using var kim = await ChatParty.ConnectAsync(broker, kimToken, agent: true);
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        var (customer, id) = await WorkspaceFlows.OpenAsync(broker, kim, await broker.GuestAsync("Ada"), "is anyone there?");
        await using var _ = customer;
        await customer.WaitForAsync(ChatParty.Events, "conversation.state", e => e.GetProperty("conversation").GetProperty("state").GetString() == "active");

        if (change == "disable")
        {
            await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Put, "/api/agents/kim", admin, new { disabled = true });
        }
        else
        {
            await Api.ExpectAsync(HttpStatusCode.NoContent, broker, HttpMethod.Delete, "/api/agents/kim", admin);
        }

        Assert.Equal("account disabled", (await kim.Error.WaitAsync(StompTestClient.Timeout))["message"]);
        var requeued = await alice.WaitForAsync(ChatParty.Support, "conversation.requeued", e => e.GetProperty("conversation").GetProperty("id").GetString() == id);
        Assert.Equal("waiting", requeued.GetProperty("conversation").GetProperty("state").GetString());
        var told = await customer.WaitForAsync(ChatParty.Events, "conversation.state", e => e.TryGetProperty("reason", out var r) && r.GetString() == "requeued");
        Assert.Equal("waiting", told.GetProperty("conversation").GetProperty("state").GetString());

        await alice.SendAsync("/chat/claim", new { conversationId = id });
        await alice.WaitForMessageAsync("is anyone there?");
        await alice.SendAsync("/chat/message", new { conversationId = id, message = "alice here now" });
        await customer.WaitForMessageAsync("alice here now");
    }
}

/// <summary>The re-queue on disabling, in memory.</summary>
public sealed class InMemoryAgentDisableRequeueTests : AgentDisableRequeueScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync() => BrokerHost.StartAsync();
}

/// <summary>The re-queue on disabling, on Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisAgentDisableRequeueTests(RedisFixture redis) : AgentDisableRequeueScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync() => redis.StartBrokerAsync();
}
