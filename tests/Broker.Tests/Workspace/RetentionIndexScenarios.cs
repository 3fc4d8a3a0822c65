using System.Net;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;

namespace CustomerChat.Broker.Tests.Workspace;

/// <summary>
/// The retention sweep (docs/protocol.md §10, §14 "Filters and search") removes a closed conversation from every
/// Redis key, the search indexes included: after the sweep no key under the broker's prefix names or holds the
/// conversation's id, while a conversation that shares its label, department and words keeps its index entries and
/// is still found. On one Redis server and on a 3-master Redis Cluster.
/// </summary>
public abstract class RetentionIndexScenarios
{
    /// <summary>The Redis configuration string (every node of a Cluster).</summary>
    protected abstract string Configuration { get; }

    /// <summary>Starts a broker under <paramref name="prefix"/>.</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync(string prefix, params string[] settings);

    [Fact]
    public async Task ASweptConversationLeavesNoKeyOrIndexEntryNamingIt()
    {
        var prefix = RedisFixture.NewPrefix();
        await using var broker = await StartBrokerAsync(prefix, "CustomerChat:Conversations:Retention=00:00:01",
            "CustomerChat:Departments:0:Id=sales", "CustomerChat:Departments:0:Name=Sales");
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        var agent = alice.Token.Token;
        var (ada, swept) = await WorkspaceFlows.OpenAsync(broker, alice, await WorkspaceFlows.GuestAsync(broker, "Ada", department: "sales"), "refund for my parcel");
        await using var _ = ada;
        var (bea, kept) = await WorkspaceFlows.OpenAsync(broker, alice, await WorkspaceFlows.GuestAsync(broker, "Bea", department: "sales"), "refund for my parcel too");
        await using var __ = bea;
        foreach (var id in new[] { swept, kept })
        {
            await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Put, $"/api/conversations/{id}/labels", agent, new[] { "billing" });
        }

        await alice.SendAsync("/chat/note", new { conversationId = swept, message = "courier lostparcel case" });
        await alice.WaitForAsync(ChatParty.Support, "note.created", e => e.GetProperty("note").GetProperty("conversationId").GetString() == swept);
        await alice.SendAsync("/chat/message", new { conversationId = swept, message = "refund approved" });
        await ada.WaitForMessageAsync("refund approved");

        // The indexes hold the conversation before the sweep (so the scan below can see them).
        var search = "/api/conversations?label=billing&department=sales&q=refund%20parcel";
        var found = WorkspaceFlows.Ids(await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Get, search, agent));
        Assert.True(found.SetEquals([swept, kept]), "found " + string.Join(", ", found));
        var before = await RedisTraces.FindAsync(Configuration, prefix, swept);
        Assert.Contains(before, k => k.Contains("{s}:ix:word:refund", StringComparison.Ordinal));
        Assert.Contains(before, k => k.Contains("{s}:ix:word:lostparcel", StringComparison.Ordinal));
        Assert.Contains(before, k => k.Contains("{s}:ix:label:billing", StringComparison.Ordinal));
        Assert.Contains(before, k => k.Contains("{s}:ix:dept:sales", StringComparison.Ordinal));
        Assert.Contains(before, k => k.Contains("{s}:ix:conv:" + swept, StringComparison.Ordinal));

        await ada.SendAsync("/chat/close", new { conversationId = swept });
        var left = await RedisTraces.WaitForNoneAsync(Configuration, prefix, TimeSpan.FromSeconds(20), swept);
        Assert.True(left.Count == 0, "Left in Redis after the sweep: " + string.Join(", ", left));

        await Api.ExpectAsync(HttpStatusCode.NotFound, broker, HttpMethod.Get, $"/api/conversations/{swept}/messages", agent);
        Assert.Equal([kept], WorkspaceFlows.Ids(await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Get, search, agent)));
        Assert.Empty((await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Get, "/api/conversations?q=lostparcel", agent)).EnumerateArray());
        var keptTraces = await RedisTraces.FindAsync(Configuration, prefix, kept);
        Assert.Contains(keptTraces, k => k.Contains("{s}:ix:word:refund", StringComparison.Ordinal));
        Assert.Contains(keptTraces, k => k.Contains("{s}:ix:label:billing", StringComparison.Ordinal));
    }
}

/// <summary>The retention sweep on one Redis server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisRetentionIndexTests(RedisFixture redis) : RetentionIndexScenarios
{
    /// <inheritdoc />
    protected override string Configuration => redis.Server.Configuration;

    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(string prefix, params string[] settings) => redis.StartBrokerAsync(prefix, settings);
}

/// <summary>The retention sweep on a 3-master Redis Cluster.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterRetentionIndexTests(RedisClusterFixture cluster) : RetentionIndexScenarios
{
    /// <inheritdoc />
    protected override string Configuration => cluster.Configuration;

    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(string prefix, params string[] settings) => cluster.StartBrokerAsync(prefix, settings);
}
