using System.Net;
using System.Web;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;

namespace CustomerChat.Broker.Tests.Workspace;

/// <summary>
/// Invitations (docs/protocol.md §14 "Invitations"): an agent's link opens an active conversation it holds,
/// and a real STOMP customer using the link's token as its passcode is that conversation's customer. Memory and Redis.
/// </summary>
public abstract class InvitationScenarios
{
    /// <summary>Starts the broker under test.</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync(params string[] settings);

    [Fact]
    public async Task TheInvitedVisitorJoinsTheActiveConversationHeldByTheInvitingAgent()
    {
        await using var broker = await StartBrokerAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        var before = DateTimeOffset.UtcNow;
        var invitation = await Api.ExpectAsync(HttpStatusCode.Created, broker, HttpMethod.Post, "/api/invitations", alice.Token.Token,
            new { customerName = "Grace", email = "grace@example.com", message = "Hi Grace, about your order" });
        var id = invitation.GetProperty("conversationId").GetString()!;
        var expiresAt = invitation.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt, before.AddHours(24).AddSeconds(-5), DateTimeOffset.UtcNow.AddHours(24).AddSeconds(5));

        var url = new Uri(invitation.GetProperty("url").GetString()!);
        Assert.Equal(broker.BaseUri.Authority, url.Authority);
        Assert.Equal("/", url.AbsolutePath);
        var token = HttpUtility.ParseQueryString(url.Query)["invitation"]!;

        // The agent holds it at once and got its first message live.
        var claimed = await alice.WaitForAsync(ChatParty.Support, "conversation.claimed");
        Assert.Equal(id, claimed.GetProperty("conversation").GetProperty("id").GetString());
        await alice.WaitForMessageAsync("Hi Grace, about your order");
        var active = await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Get, "/api/conversations?state=active&agent=alice", alice.Token.Token);
        var conversation = active.EnumerateArray().Single();
        Assert.Equal(id, conversation.GetProperty("id").GetString());
        Assert.Equal("Grace", conversation.GetProperty("customerName").GetString());
        Assert.Equal("grace@example.com", conversation.GetProperty("customerEmail").GetString());
        var customerId = conversation.GetProperty("customerId").GetString()!;
        Assert.StartsWith("c-", customerId, StringComparison.Ordinal);

        // The visitor connects with the link's token as STOMP passcode: it is that conversation's customer.
        var visitorToken = new TokenInfo(token, customerId, "customer", "Grace", expiresAt);
        await using var grace = await ChatParty.ConnectAsync(broker, visitorToken, agent: false, since: "0-0");
        var first = await grace.WaitForMessageAsync("Hi Grace, about your order");
        Assert.Equal(id, first.GetProperty("conversationId").GetString());
        var state = await grace.WaitForAsync(ChatParty.Events, "conversation.state");
        Assert.Equal("active", state.GetProperty("conversation").GetProperty("state").GetString());
        Assert.Equal(id, state.GetProperty("conversation").GetProperty("id").GetString());

        await grace.SendAsync("/chat/message", new { message = "Thanks for reaching out" });
        Assert.Equal(id, (await alice.WaitForMessageAsync("Thanks for reaching out")).GetProperty("conversationId").GetString());
        var history = await WorkspaceFlows.HistoryAsync(broker, token, id, 50);
        Assert.Equal(["Hi Grace, about your order", "Thanks for reaching out"], WorkspaceFlows.Texts(history).Where(t => t.Contains("Grace", StringComparison.Ordinal) || t.StartsWith("Thanks", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TheLinkLivesForTheConfiguredLifetimeAndBadInvitationsAreRefused()
    {
        await using var broker = await StartBrokerAsync("CustomerChat:Auth:InvitationLifetime=02:00:00");
        var alice = await broker.LoginAsync("alice");
        var customer = await broker.GuestAsync("Ada");
        var invitation = await Api.ExpectAsync(HttpStatusCode.Created, broker, HttpMethod.Post, "/api/invitations", alice.Token, new { customerName = "Grace" });
        Assert.InRange(invitation.GetProperty("expiresAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddHours(2).AddSeconds(-10), DateTimeOffset.UtcNow.AddHours(2).AddSeconds(5));
        var messages = await WorkspaceFlows.HistoryAsync(broker, alice.Token, invitation.GetProperty("conversationId").GetString()!, 50);
        Assert.Empty(messages);

        await Api.ExpectAsync(HttpStatusCode.Unauthorized, broker, HttpMethod.Post, "/api/invitations", null, new { customerName = "Grace" });
        await Api.ExpectAsync(HttpStatusCode.Forbidden, broker, HttpMethod.Post, "/api/invitations", customer.Token, new { customerName = "Grace" });
        await Api.ExpectAsync(HttpStatusCode.BadRequest, broker, HttpMethod.Post, "/api/invitations", alice.Token, new { customerName = " " });
        await Api.ExpectAsync(HttpStatusCode.BadRequest, broker, HttpMethod.Post, "/api/invitations", alice.Token, new { customerName = new string('g', 81) });
        await Api.ExpectAsync(HttpStatusCode.BadRequest, broker, HttpMethod.Post, "/api/invitations", alice.Token, new { customerName = "Grace", email = "nope" });
        await Api.ExpectAsync(HttpStatusCode.BadRequest, broker, HttpMethod.Post, "/api/invitations", alice.Token, new { customerName = "Grace", message = new string('m', 4001) });
        await Api.ExpectAsync(HttpStatusCode.BadRequest, broker, HttpMethod.Post, "/api/invitations", alice.Token, "not json");
    }
}

/// <summary>Invitations on the in-memory stores.</summary>
public sealed class InMemoryInvitationTests : InvitationScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => BrokerHost.StartAsync(settings);
}

/// <summary>Invitations on Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisInvitationTests(RedisFixture redis) : InvitationScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => redis.StartBrokerAsync(settings);
}
