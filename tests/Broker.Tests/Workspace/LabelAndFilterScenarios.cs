using System.Net;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;

namespace CustomerChat.Broker.Tests.Workspace;

/// <summary>
/// Labels (<c>PUT /api/conversations/{id}/labels</c>) and the filters of <c>GET /api/conversations</c>
/// (<c>state</c>, <c>agent</c>, <c>department</c>, <c>label</c>, <c>q</c>), each alone and together
/// (docs/protocol.md §14 "Labels", "Filters and search"). Run in memory (scan) and on Redis (indexes).
/// </summary>
public abstract class LabelAndFilterScenarios
{
    /// <summary>Starts the broker under test.</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync(params string[] settings);

    [Fact]
    public async Task LabelsAreValidatedStoredAnnouncedAndReplaced()
    {
        await using var broker = await StartBrokerAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        var (customer, id) = await WorkspaceFlows.OpenAsync(broker, null, await broker.GuestAsync("Ada"), "hello");
        await using var _ = customer;
        var agent = alice.Token.Token;
        var path = $"/api/conversations/{id}/labels";

        await Api.ExpectAsync(HttpStatusCode.Unauthorized, broker, HttpMethod.Put, path, null, new[] { "billing" });
        await Api.ExpectAsync(HttpStatusCode.Forbidden, broker, HttpMethod.Put, path, customer.Token.Token, new[] { "billing" });
        await Api.ExpectAsync(HttpStatusCode.NotFound, broker, HttpMethod.Put, "/api/conversations/no-such/labels", agent, new[] { "billing" });
        foreach (var bad in new object[] { new[] { "Billing" }, new[] { "" }, new[] { new string('a', 33) }, new[] { "white space" },
                     Enumerable.Range(0, 11).Select(i => $"l{i}").ToArray(), "{\"labels\": []}", "not json" })
        {
            await Api.ExpectAsync(HttpStatusCode.BadRequest, broker, HttpMethod.Put, path, agent, bad);
        }

        var set = await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Put, path, agent, new[] { "billing", "vip", "billing", new string('z', 32) });
        Assert.Equal(["billing", "vip", new string('z', 32)], set.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        var updated = await alice.WaitForAsync(ChatParty.Support, "conversation.updated", e => e.GetProperty("conversation").GetProperty("labels").GetArrayLength() == 3);
        Assert.Equal(id, updated.GetProperty("conversation").GetProperty("id").GetString());
        var ten = Enumerable.Range(0, 10).Select(i => $"l{i}").ToArray();
        Assert.Equal(10, (await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Put, path, agent, ten)).GetProperty("labels").GetArrayLength());

        var listed = await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Get, "/api/conversations?label=l9", agent);
        Assert.Equal(ten, listed.EnumerateArray().Single().GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Empty((await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Get, "/api/conversations?label=vip", agent)).EnumerateArray());

        await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Put, path, agent, Array.Empty<string>());
        Assert.Empty((await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Get, "/api/conversations?label=l9", agent)).EnumerateArray());
    }

    [Fact]
    public async Task EveryFilterAloneAndTogetherFindsExactlyTheMatchingConversations()
    {
        await using var broker = await StartBrokerAsync("CustomerChat:Departments:0:Id=sales", "CustomerChat:Departments:0:Name=Sales");
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var bob = await ChatParty.AgentAsync(broker, "bob");
        var agent = alice.Token.Token;

        var (ada, c1) = await WorkspaceFlows.OpenAsync(broker, alice, await WorkspaceFlows.GuestAsync(broker, "Ada", department: "sales"), "I want a Refund, please");
        var (bert, c2) = await WorkspaceFlows.OpenAsync(broker, null, await broker.GuestAsync("Bert"), "password reset needed");
        var (cy, c3) = await WorkspaceFlows.OpenAsync(broker, bob, await broker.GuestAsync("Cy"), "refund of my order");
        await using var _1 = ada;
        await using var _2 = bert;
        await using var _3 = cy;
        await bob.SendAsync("/chat/close", new { conversationId = c3 });
        await alice.SendAsync("/chat/note", new { conversationId = c2, message = "escalate tomorrow" });
        await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Put, $"/api/conversations/{c1}/labels", agent, new[] { "billing" });
        await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Put, $"/api/conversations/{c2}/labels", agent, new[] { "billing", "vip" });

        async Task Expect(string query, params string[] expected)
        {
            var list = await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Get, "/api/conversations" + query, agent);
            Assert.True(WorkspaceFlows.Ids(list).SetEquals(expected), $"{query}: got {string.Join(",", WorkspaceFlows.Ids(list))}");
        }

        await Expect("", c1, c2, c3);
        await Expect("?state=waiting", c2);
        await Expect("?state=active", c1);
        await Expect("?state=closed", c3);
        await Expect("?agent=alice", c1);
        await Expect("?agent=bob", c3);
        await Expect("?department=sales", c1);
        await Expect("?label=billing", c1, c2);
        await Expect("?label=vip", c2);
        await Expect("?q=refund", c1, c3);
        await Expect("?q=REFUND", c1, c3);
        await Expect("?q=refund%20order", c3);
        await Expect("?q=escalate", c2);
        await Expect("?q=nothing-like-this");
        await Expect("?label=billing&state=waiting", c2);
        await Expect("?q=refund&agent=bob", c3);
        await Expect("?q=refund&state=closed", c3);
        await Expect("?department=sales&label=vip");
        await Expect("?label=billing&q=refund&agent=alice&department=sales&state=active", c1);

        await Api.ExpectAsync(HttpStatusCode.Forbidden, broker, HttpMethod.Get, "/api/conversations?q=refund", ada.Token.Token);
    }
}

/// <summary>Labels and filters on the in-memory stores.</summary>
public sealed class InMemoryLabelAndFilterTests : LabelAndFilterScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => BrokerHost.StartAsync(settings);
}

/// <summary>Labels and filters on Redis (the indexes).</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisLabelAndFilterTests(RedisFixture redis) : LabelAndFilterScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => redis.StartBrokerAsync(settings);
}
