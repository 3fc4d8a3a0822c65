using System.Net;
using System.Text.Json;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;

namespace CustomerChat.Broker.Tests.Workspace;

/// <summary>
/// Private notes (docs/protocol.md §14 "Private notes"): a note reaches agents — live to the assigned agent,
/// <c>note.created</c> on the support topic, <c>x-since</c> replay, HTTP history, transcript, admin export — and never
/// the customer by any of the read paths: live (proved with a later fence message), <c>x-since</c> replay, the
/// <c>conversation.state</c> snapshot, <c>GET /api/conversations/{id}</c> (<c>lastMessage</c>), HTTP history (paged),
/// transcript, transcript email and <c>/api/me/export</c>; a note written through the HTTP door takes the same path.
/// Run in memory and on Redis.
/// </summary>
public abstract class NotePrivacyScenarios
{
    private const string Secret = "VIP customer, refund approved internally";

    /// <summary>Starts the broker under test.</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync(params string[] settings);

    [Fact]
    public async Task ANoteReachesAgentsOnEveryPathAndTheCustomerOnNone()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        await using var broker = await StartBrokerAsync("CustomerChat:Smtp:Host=127.0.0.1", $"CustomerChat:Smtp:Port={smtp.Port}",
            "CustomerChat:Smtp:UseTls=false", "CustomerChat:Smtp:From=support@example.com");
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        var token = await WorkspaceFlows.GuestAsync(broker, "Ada", "ada@example.com");
        var (customer, id) = await WorkspaceFlows.OpenAsync(broker, alice, token, "Where is my refund?");
        await using var _ = customer;

        // Live: the assigned agent gets the note as a private ChatMessage, the support topic as note.created.
        await alice.SendAsync("/chat/note", new { conversationId = id, message = Secret, clientMessageId = "note-1" });
        var live = await alice.WaitForMessageAsync(Secret);
        Assert.True(live.GetProperty("private").GetBoolean());
        Assert.Equal("note-1", live.GetProperty("clientMessageId").GetString());
        Assert.Equal(JsonValueKind.Null, live.GetProperty("userTo").ValueKind);
        var created = await alice.WaitForAsync(ChatParty.Support, "note.created");
        Assert.Equal(live.GetProperty("id").GetString(), created.GetProperty("note").GetProperty("id").GetString());
        Assert.True(created.GetProperty("note").GetProperty("private").GetBoolean());

        // The conversation as the customer reads it (GET /api/conversations/{id}): a note is never its lastMessage.
        var asCustomer = await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Get, $"/api/conversations/{id}", customer.Token.Token);
        Assert.Equal("Where is my refund?", asCustomer.GetProperty("lastMessage").GetProperty("message").GetString());
        Assert.DoesNotContain(Secret, asCustomer.GetRawText(), StringComparison.Ordinal);

        // Live, customer: the fence message written after the note arrives, the note never did.
        await alice.SendAsync("/chat/message", new { conversationId = id, message = "fence after the note" });
        AssertNoNote(await DrainUntilAsync(customer, "fence after the note"));

        // x-since replay.
        await using (var replay = await ChatParty.ConnectAsync(broker, customer.Token, agent: false, since: "0-0"))
        {
            var replayed = await DrainUntilAsync(replay, "fence after the note");
            AssertNoNote(replayed);
            Assert.All(replayed, m => Assert.False(m.GetProperty("private").GetBoolean()));

            // The conversation.state snapshot a (re)connecting customer gets on /user/queue/events.
            var state = await replay.WaitForAsync(ChatParty.Events, "conversation.state", e => e.GetProperty("conversation").ValueKind == JsonValueKind.Object);
            Assert.DoesNotContain(Secret, state.GetRawText(), StringComparison.Ordinal);
        }

        await using (var agentReplay = await ChatParty.ConnectAsync(broker, alice.Token, agent: false, since: "0-0"))
        {
            Assert.Contains(Secret, WorkspaceFlows.Texts(await DrainUntilAsync(agentReplay, "fence after the note")));
        }

        // HTTP history, paged by 1 and by 2 so a page boundary falls on the note.
        foreach (var limit in new[] { 1, 2, 50 })
        {
            var mine = await WorkspaceFlows.HistoryAsync(broker, customer.Token.Token, id, limit);
            AssertNoNote(mine);
            Assert.Contains("Where is my refund?", WorkspaceFlows.Texts(mine));
            Assert.Equal("fence after the note", WorkspaceFlows.Texts(mine)[^1]);
            var agents = await WorkspaceFlows.HistoryAsync(broker, alice.Token.Token, id, limit);
            Assert.Equal(mine.Count + 1, agents.Count);
            Assert.Contains(agents, m => m.GetProperty("message").GetString() == Secret && m.GetProperty("private").GetBoolean());
        }

        // Transcript: the customer's has no note; an agent's marks it.
        var (customerTranscript, type) = await WorkspaceFlows.GetTextAsync(broker, $"/api/conversations/{id}/transcript", customer.Token.Token);
        Assert.StartsWith("text/plain", type, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, customerTranscript, StringComparison.Ordinal);
        Assert.Contains("fence after the note", customerTranscript, StringComparison.Ordinal);
        var (agentTranscript, _) = await WorkspaceFlows.GetTextAsync(broker, $"/api/conversations/{id}/transcript", alice.Token.Token);
        Assert.Contains($"{alice.Token.Name} (note): {Secret}", agentTranscript, StringComparison.Ordinal);

        // Transcript email, even when an agent sends it: the customer's view.
        await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Post, $"/api/conversations/{id}/transcript/email", alice.Token.Token, new { });
        var mail = await smtp.NextMessageAsync();
        Assert.Equal(["ada@example.com"], mail.Recipients);
        var body = System.Text.Encoding.UTF8.GetString(mail.Data);
        Assert.Contains("fence after the note", body, StringComparison.Ordinal);
        Assert.DoesNotContain("VIP customer", body, StringComparison.Ordinal);

        // Export: the customer's own has no note; an administrator's has it.
        var myExport = await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Get, "/api/me/export", customer.Token.Token);
        Assert.DoesNotContain(Secret, myExport.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("fence after the note", myExport.GetRawText(), StringComparison.Ordinal);
        var adminExport = await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Get, $"/api/customers/{customer.UserId}/export", alice.Token.Token);
        Assert.Contains(Secret, adminExport.GetRawText(), StringComparison.Ordinal);

        // A note written through the HTTP door (POST /api/conversations/{id}/notes) takes the same path.
        const string doorNote = "written through the HTTP door";
        var written = await Api.ExpectAsync(HttpStatusCode.Created, broker, HttpMethod.Post, $"/api/conversations/{id}/notes", alice.Token.Token, new { message = doorNote });
        Assert.True(written.GetProperty("private").GetBoolean());
        await alice.WaitForMessageAsync(doorNote);
        AssertNoNote(await WorkspaceFlows.HistoryAsync(broker, customer.Token.Token, id, 50), doorNote);

        // And still nothing arrived live for the customer: a last fence.
        await alice.SendAsync("/chat/message", new { conversationId = id, message = "last fence" });
        var tail = await DrainUntilAsync(customer, "last fence");
        AssertNoNote(tail);
        AssertNoNote(tail, doorNote);
    }

    [Fact]
    public async Task AnyAgentWritesANoteOnAClosedConversationAndOtherAgentsHearOfIt()
    {
        await using var broker = await StartBrokerAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var bob = await ChatParty.AgentAsync(broker, "bob");
        var (customer, id) = await WorkspaceFlows.OpenAsync(broker, alice, await broker.GuestAsync("Ada"), "hello");
        await using var _ = customer;
        await alice.SendAsync("/chat/close", new { conversationId = id });
        await alice.WaitForAsync(ChatParty.Support, "conversation.closed");

        await bob.SendAsync("/chat/note", new { conversationId = id, message = "follow up next week" });
        var created = await alice.WaitForAsync(ChatParty.Support, "note.created");
        Assert.Equal("bob", created.GetProperty("note").GetProperty("userFrom").GetString());
        var history = await WorkspaceFlows.HistoryAsync(broker, bob.Token.Token, id, 50);
        Assert.Contains("follow up next week", WorkspaceFlows.Texts(history));
        AssertNoNote(await WorkspaceFlows.HistoryAsync(broker, customer.Token.Token, id, 50), "follow up next week");
    }

    [Fact]
    public async Task CustomersMayNotWriteNotesAndBadNotesAreRefused()
    {
        await using var broker = await StartBrokerAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        var (customer, id) = await WorkspaceFlows.OpenAsync(broker, alice, await broker.GuestAsync("Ada"), "hello");
        await using var _ = customer;

        await customer.AssertRefusedAsync("/chat/note", new { conversationId = id, message = "sneaky" }, "forbidden");
        await alice.AssertRefusedAsync("/chat/note", new { message = "no conversation" }, "invalid");
        await alice.AssertRefusedAsync("/chat/note", new { conversationId = id, message = "  " }, "invalid");
        await alice.AssertRefusedAsync("/chat/note", new { conversationId = id, message = new string('x', 4001) }, "invalid");
        await alice.AssertRefusedAsync("/chat/note", new { conversationId = "no-such-conversation", message = "x" }, "not_found");
        AssertNoNote(await WorkspaceFlows.HistoryAsync(broker, alice.Token.Token, id, 50), "sneaky");
    }

    private static async Task<List<JsonElement>> DrainUntilAsync(ChatParty party, string last)
    {
        var seen = new List<JsonElement>();
        await party.WaitForChatAsync(m => { seen.Add(m); return m.GetProperty("message").GetString() == last; });
        return seen;
    }

    private static void AssertNoNote(IEnumerable<JsonElement> messages, string text = Secret)
    {
        foreach (var message in messages)
        {
            Assert.NotEqual(text, message.GetProperty("message").GetString());
            Assert.False(message.GetProperty("private").GetBoolean());
        }
    }
}

/// <summary>The note-privacy suite on the in-memory stores.</summary>
public sealed class InMemoryNotePrivacyTests : NotePrivacyScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => BrokerHost.StartAsync(settings);
}

/// <summary>The note-privacy suite on Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisNotePrivacyTests(RedisFixture redis) : NotePrivacyScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => redis.StartBrokerAsync(settings);
}
