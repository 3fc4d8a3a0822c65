using System.Net;
using CustomerChat.Broker.Integrations.Tickets;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;

namespace CustomerChat.Broker.Tests.Workspace;

/// <summary>
/// Export and erasure of a customer (docs/protocol.md §14 "Data protection"): the export holds everything
/// (conversations, messages, notes for administrators only, rating, tickets); after <c>DELETE</c> the API knows
/// nothing of the customer, its session ended with ERROR <c>account erased</c>, and on Redis no key names or holds
/// its id or its conversations' ids. Memory and Redis.
/// </summary>
public abstract class DataProtectionScenarios
{
    /// <summary>Starts the broker under test.</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync();

    /// <summary>The Redis keys whose name or content mentions one of <paramref name="ids"/> (none in memory).</summary>
    protected abstract Task<IReadOnlyList<string>> TracesAsync(params string[] ids);

    [Fact]
    public async Task AnAdministratorExportsEverythingThenErasesItEverywhereAndEndsTheSession()
    {
        await using var broker = await StartBrokerAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        var bob = await broker.LoginAsync("bob");
        var (customer, first) = await WorkspaceFlows.OpenAsync(broker, alice, await WorkspaceFlows.GuestAsync(broker, "Ada", "ada@example.com"), "my parcel is lost");
        await using var _ = customer;
        var customerId = customer.UserId;
        await alice.SendAsync("/chat/note", new { conversationId = first, message = "check the courier" });
        await alice.SendAsync("/chat/message", new { conversationId = first, message = "I will look into it" });
        await customer.WaitForMessageAsync("I will look into it");
        await customer.SendAsync("/chat/close", new { conversationId = first });
        await customer.SendAsync("/chat/rate", new { conversationId = first, score = 4, comment = "quick" });
        // Until the chat implements the tickets' conversation lookup, its stand-in table is told (the wiring's job).
        if (broker.Services.GetRequiredService<ITicketConversationLookup>() is InMemoryTicketConversationLookup lookup)
        {
            lookup.Set(first, customerId);
        }

        var ticket = await Api.ExpectAsync(HttpStatusCode.Created, broker, HttpMethod.Post, "/api/tickets", alice.Token.Token,
            new { conversationId = first, subject = "Lost parcel" });
        var ticketId = ticket.GetProperty("id").GetString()!;
        await customer.SendAsync("/chat/message", new { message = "one more thing" });
        var second = (await customer.WaitForMessageAsync("one more thing")).GetProperty("conversationId").GetString()!;
        Assert.NotEqual(first, second);

        // Who may.
        await Api.ExpectAsync(HttpStatusCode.Forbidden, broker, HttpMethod.Get, $"/api/customers/{customerId}/export", bob.Token);
        await Api.ExpectAsync(HttpStatusCode.Forbidden, broker, HttpMethod.Get, $"/api/customers/{customerId}/export", customer.Token.Token);
        await Api.ExpectAsync(HttpStatusCode.Forbidden, broker, HttpMethod.Delete, $"/api/customers/{customerId}", bob.Token);
        await Api.ExpectAsync(HttpStatusCode.Forbidden, broker, HttpMethod.Delete, $"/api/customers/{customerId}", customer.Token.Token);
        await Api.ExpectAsync(HttpStatusCode.Forbidden, broker, HttpMethod.Get, "/api/me/export", alice.Token.Token);
        await Api.ExpectAsync(HttpStatusCode.Unauthorized, broker, HttpMethod.Get, "/api/me/export");

        // The administrator's export: everything, notes included.
        var export = await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Get, $"/api/customers/{customerId}/export", alice.Token.Token);
        Assert.Equal(customerId, export.GetProperty("customerId").GetString());
        var conversations = export.GetProperty("conversations").EnumerateArray().ToList();
        Assert.Equal([first, second], conversations.Select(c => c.GetProperty("conversation").GetProperty("id").GetString()));
        var closed = conversations[0];
        Assert.Equal(4, closed.GetProperty("conversation").GetProperty("rating").GetProperty("score").GetInt32());
        Assert.Equal("ada@example.com", closed.GetProperty("conversation").GetProperty("customerEmail").GetString());
        var texts = WorkspaceFlows.Texts(closed.GetProperty("messages").EnumerateArray());
        Assert.Contains("my parcel is lost", texts);
        Assert.Contains("check the courier", texts);
        Assert.Contains("one more thing", WorkspaceFlows.Texts(conversations[1].GetProperty("messages").EnumerateArray()));
        Assert.Equal(ticketId, export.GetProperty("tickets").EnumerateArray().Single().GetProperty("id").GetString());

        // The customer's own export: the same without the note.
        var mine = await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Get, "/api/me/export", customer.Token.Token);
        Assert.Equal(2, mine.GetProperty("conversations").GetArrayLength());
        Assert.DoesNotContain("check the courier", mine.GetRawText(), StringComparison.Ordinal);
        Assert.Single(mine.GetProperty("tickets").EnumerateArray());

        // Erasure.
        await Api.ExpectAsync(HttpStatusCode.NoContent, broker, HttpMethod.Delete, $"/api/customers/{customerId}", alice.Token.Token);
        var error = await customer.Error.WaitAsync(StompTestClient.Timeout);
        Assert.Equal("account erased", error["message"]);
        var erased = await alice.WaitForAsync(ChatParty.Support, "conversation.closed", e => e.GetProperty("conversation").GetProperty("id").GetString() == second);
        Assert.Equal("erased", erased.GetProperty("reason").GetString());

        await Api.ExpectAsync(HttpStatusCode.NotFound, broker, HttpMethod.Get, $"/api/customers/{customerId}/export", alice.Token.Token);
        await Api.ExpectAsync(HttpStatusCode.NotFound, broker, HttpMethod.Delete, $"/api/customers/{customerId}", alice.Token.Token);
        foreach (var id in new[] { first, second })
        {
            await Api.ExpectAsync(HttpStatusCode.NotFound, broker, HttpMethod.Get, $"/api/conversations/{id}/messages", alice.Token.Token);
            await Api.ExpectAsync(HttpStatusCode.NotFound, broker, HttpMethod.Get, $"/api/conversations/{id}/transcript", alice.Token.Token);
        }

        await Api.ExpectAsync(HttpStatusCode.NotFound, broker, HttpMethod.Get, $"/api/tickets/{ticketId}", alice.Token.Token);
        var all = await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Get, "/api/conversations", alice.Token.Token);
        Assert.Empty(WorkspaceFlows.Ids(all));
        Assert.Empty((await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Get, "/api/conversations?q=parcel", alice.Token.Token)).EnumerateArray());

        // Nothing in Redis names or holds the customer or its conversations (presence goes once the session is gone).
        var deadline = DateTime.UtcNow + StompTestClient.Timeout;
        IReadOnlyList<string> traces;
        while ((traces = await TracesAsync(customerId, first, second, ticketId)).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50); // polling Redis for a removal that follows the session's end (presence); bounded by the deadline
        }

        Assert.True(traces.Count == 0, "Left in Redis: " + string.Join(", ", traces));
    }

    [Fact]
    public async Task ErasingAnUnknownCustomerIs404()
    {
        await using var broker = await StartBrokerAsync();
        var alice = await broker.LoginAsync("alice");
        await Api.ExpectAsync(HttpStatusCode.NotFound, broker, HttpMethod.Delete, $"/api/customers/c-{Guid.NewGuid()}", alice.Token);
        await Api.ExpectAsync(HttpStatusCode.NotFound, broker, HttpMethod.Get, $"/api/customers/c-{Guid.NewGuid()}/export", alice.Token);
        await Api.ExpectAsync(HttpStatusCode.Unauthorized, broker, HttpMethod.Delete, $"/api/customers/c-{Guid.NewGuid()}");
    }
}

/// <summary>Export and erasure on the in-memory stores.</summary>
public sealed class InMemoryDataProtectionTests : DataProtectionScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync() => BrokerHost.StartAsync();

    /// <inheritdoc />
    protected override Task<IReadOnlyList<string>> TracesAsync(params string[] ids) => Task.FromResult<IReadOnlyList<string>>([]);
}

/// <summary>Export and erasure on Redis, with a scan of every key of the broker's prefix.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisDataProtectionTests(RedisFixture redis) : DataProtectionScenarios
{
    private readonly string _prefix = RedisFixture.NewPrefix();

    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync() => redis.StartBrokerAsync(_prefix);

    /// <inheritdoc />
    protected override Task<IReadOnlyList<string>> TracesAsync(params string[] ids) => RedisTraces.FindAsync(redis.Server.Configuration, _prefix, ids);
}
