using System.Text.Json;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;
using static CustomerChat.Broker.Tests.Integrations.IntegrationApi;

namespace CustomerChat.Broker.Tests.Conversations;

/// <summary>
/// The chat driven through its HTTP doors (docs/protocol.md §16 "HTTP doors") while STOMP parties watch:
/// every action that has both doors (post, claim, transfer, typing, read, close, rate) reaches the STOMP side live,
/// and every refusal is the problem of its code. Run in memory and on Redis.
/// </summary>
public abstract class HttpDoorScenarios : ChatScenarioBase
{
    [Fact]
    public async Task AWholeChatDrivenOverHttpIsSeenLiveByTheStompParties()
    {
        await using var broker = await StartBrokerAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var bob = await ChatParty.AgentAsync(broker, "bob");
        await using var customer = await ChatParty.CustomerAsync(broker, "Ada");
        var id = await ConversationIdAsync(customer);
        string agentToken = alice.Token.Token, bobToken = bob.Token.Token, customerToken = customer.Token.Token;

        // The customer writes over HTTP: 201 with the stored message, the same one its STOMP session gets.
        var (status, posted, _) = await broker.SendAsync(WithToken(HttpMethod.Post, $"api/conversations/{id}/messages", customerToken, new { message = "My parcel never came" }));
        Assert.Equal(201, status);
        Assert.Equal("customer", posted.GetProperty("senderRole").GetString());
        Assert.False(posted.GetProperty("private").GetBoolean());
        var live = await customer.WaitForMessageAsync("My parcel never came");
        Assert.Equal(posted.GetProperty("id").GetString(), live.GetProperty("id").GetString());

        // Claim over HTTP: 200 with the active conversation; the customer and the other agent hear of it.
        (status, var claimed, _) = await broker.SendAsync(WithToken(HttpMethod.Post, $"api/conversations/{id}/claim", agentToken));
        Assert.Equal(200, status);
        Assert.Equal("active", claimed.GetProperty("state").GetString());
        Assert.Equal("alice", claimed.GetProperty("agentId").GetString());
        await customer.WaitForAsync(ChatParty.Events, "conversation.state", e => e.GetProperty("conversation").GetProperty("agentId").GetString() == "alice");
        await bob.WaitForAsync(ChatParty.Support, "conversation.claimed", e => e.GetProperty("conversation").GetProperty("id").GetString() == id);
        await alice.WaitForMessageAsync("My parcel never came");

        // The agent answers over HTTP; the customer's STOMP session gets it live.
        (status, var answer, _) = await broker.SendAsync(WithToken(HttpMethod.Post, $"api/conversations/{id}/messages", agentToken,
            new { message = "Let me look it up", clientMessageId = "http-1" }));
        Assert.Equal(201, status);
        Assert.Equal("agent", answer.GetProperty("senderRole").GetString());
        Assert.Equal(customer.UserId, answer.GetProperty("userTo").GetString());
        Assert.Equal("http-1", answer.GetProperty("clientMessageId").GetString());
        var seen = await customer.WaitForMessageAsync("Let me look it up");
        Assert.Equal(answer.GetRawText(), seen.GetRawText());

        // Typing and read over HTTP: 204, the other party's events.
        Assert.Equal(204, (await broker.SendAsync(WithToken(HttpMethod.Post, $"api/conversations/{id}/typing", agentToken, new { typing = true }))).Status);
        var typing = await customer.WaitForAsync(ChatParty.Events, "typing");
        Assert.Equal("alice", typing.GetProperty("userId").GetString());
        Assert.True(typing.GetProperty("typing").GetBoolean());
        var answerId = answer.GetProperty("id").GetString();
        Assert.Equal(204, (await broker.SendAsync(WithToken(HttpMethod.Post, $"api/conversations/{id}/read", customerToken, new { messageId = answerId }))).Status);
        Assert.Equal(answerId, (await alice.WaitForAsync(ChatParty.Events, "read")).GetProperty("messageId").GetString());

        // Transfer over HTTP: bob now holds it; everyone hears.
        (status, var transferred, _) = await broker.SendAsync(WithToken(HttpMethod.Post, $"api/conversations/{id}/transfer", agentToken, new { toAgent = "bob" }));
        Assert.Equal(200, status);
        Assert.Equal("bob", transferred.GetProperty("agentId").GetString());
        await bob.WaitForAsync(ChatParty.Support, "conversation.transferred");
        var handed = await customer.WaitForAsync(ChatParty.Events, "conversation.state", e => e.GetProperty("conversation").GetProperty("agentId").GetString() == "bob");
        Assert.Equal("Bob", handed.GetProperty("conversation").GetProperty("agentName").GetString());
        Assert.Equal("Let me look it up", (await bob.WaitForMessageAsync("Let me look it up")).GetProperty("message").GetString());

        // Close over HTTP by the new agent, rate over HTTP by the customer.
        (status, var closed, _) = await broker.SendAsync(WithToken(HttpMethod.Post, $"api/conversations/{id}/close", bobToken));
        Assert.Equal(200, status);
        Assert.Equal("closed", closed.GetProperty("state").GetString());
        await customer.WaitForAsync(ChatParty.Events, "conversation.state", e => e.GetProperty("conversation").GetProperty("state").GetString() == "closed");
        (status, var rated, _) = await broker.SendAsync(WithToken(HttpMethod.Post, $"api/conversations/{id}/rate", customerToken, new { score = 4, comment = "ok" }));
        Assert.Equal(200, status);
        Assert.Equal(4, rated.GetProperty("rating").GetProperty("score").GetInt32());
        Assert.Equal(4, (await bob.WaitForAsync(ChatParty.Events, "conversation.rated")).GetProperty("score").GetInt32());

        // GET shows the same conversation to its customer and to agents.
        var (getStatus, read, _) = await broker.SendAsync(WithToken(HttpMethod.Get, $"api/conversations/{id}", customerToken));
        Assert.Equal(200, getStatus);
        Assert.Equal(rated.GetRawText(), read.GetRawText());
        Assert.Equal(rated.GetRawText(), (await broker.SendAsync(WithToken(HttpMethod.Get, $"api/conversations/{id}", agentToken))).Body.GetRawText());
    }

    [Fact]
    public async Task AClaimRaceBetweenTheStompAndTheHttpDoorHasExactlyOneWinner()
    {
        await using var broker = await StartBrokerAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        var bob = await broker.LoginAsync("bob");
        await using var customer = await ChatParty.CustomerAsync(broker);
        var id = await ConversationIdAsync(customer);

        var stomp = alice.SendExpectingRefusalAsync("/chat/claim", new { conversationId = id });
        var http = broker.SendAsync(WithToken(HttpMethod.Post, $"api/conversations/{id}/claim", bob.Token));
        await stomp;
        var (status, body, _) = await http;
        var winner = (await alice.WaitForAsync(ChatParty.Support, "conversation.claimed")).GetProperty("conversation").GetProperty("agentId").GetString();
        if (winner == "bob")
        {
            Assert.Equal(200, status);
            Assert.Equal("conflict", (await alice.NextErrorAsync()).Body.GetProperty("code").GetString());
        }
        else
        {
            Assert.Equal(409, status);
            Assert.Equal("conflict", body.GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task EveryRefusalIsTheProblemOfItsCode()
    {
        await using var broker = await StartBrokerAsync();
        await using var customer = await ChatParty.CustomerAsync(broker, "Ada");
        var id = await ConversationIdAsync(customer);
        var other = await broker.GuestAsync("Eve");
        var alice = (await broker.LoginAsync("alice")).Token;
        var bob = (await broker.LoginAsync("bob")).Token;
        var me = customer.Token.Token;

        async Task Expect(int status, string? code, HttpRequestMessage request)
        {
            var (actual, body, type) = await broker.SendAsync(request);
            Assert.True(actual == status, $"{request.Method} {request.RequestUri} answered {actual} (expected {status}): {body}");
            Assert.Equal("application/problem+json", type);
            Assert.Equal(status, body.GetProperty("status").GetInt32());
            if (code is not null)
            {
                Assert.Equal(code, body.GetProperty("code").GetString());
            }
        }

        // 401: no credential, a wrong token.
        await Expect(401, null, WithToken(HttpMethod.Post, $"api/conversations/{id}/messages", null, new { message = "hi" }));
        await Expect(401, null, WithToken(HttpMethod.Post, $"api/conversations/{id}/claim", "not-a-token"));

        // 400 invalid: missing, blank, too long, mistyped, not JSON; a bad message id; an unknown agent.
        await Expect(400, "invalid", WithToken(HttpMethod.Post, $"api/conversations/{id}/messages", me, new { }));
        await Expect(400, "invalid", WithToken(HttpMethod.Post, $"api/conversations/{id}/messages", me, new { message = "   " }));
        await Expect(400, "invalid", WithToken(HttpMethod.Post, $"api/conversations/{id}/messages", me, new { message = new string('x', 4001) }));
        await Expect(400, "invalid", WithToken(HttpMethod.Post, $"api/conversations/{id}/messages", me, new { message = 42 }));
        var notJson = WithToken(HttpMethod.Post, $"api/conversations/{id}/messages", me);
        notJson.Content = new StringContent("{\"message\":", System.Text.Encoding.UTF8, "application/json");
        await Expect(400, "invalid", notJson);
        await Expect(400, "invalid", WithToken(HttpMethod.Post, $"api/conversations/{id}/read", me, new { messageId = "yesterday" }));

        // 400 rejected: the pipeline refuses a repeated customer message (spam).
        Assert.Equal(201, (await broker.SendAsync(WithToken(HttpMethod.Post, $"api/conversations/{id}/messages", me, new { message = "same again" }))).Status);
        await Expect(400, "rejected", WithToken(HttpMethod.Post, $"api/conversations/{id}/messages", me, new { message = "same again" }));

        // 403 forbidden: a customer claims, transfers or writes a note; another customer writes here; an agent writes to a conversation it does not hold.
        await Expect(403, "forbidden", WithToken(HttpMethod.Post, $"api/conversations/{id}/claim", me));
        await Expect(403, "forbidden", WithToken(HttpMethod.Post, $"api/conversations/{id}/transfer", me, new { toAgent = "bob" }));
        await Expect(403, "forbidden", WithToken(HttpMethod.Post, $"api/conversations/{id}/notes", me, new { message = "psst" }));
        await Expect(403, "forbidden", WithToken(HttpMethod.Post, $"api/conversations/{id}/messages", other.Token, new { message = "hijack" }));
        await Expect(403, "forbidden", WithToken(HttpMethod.Post, $"api/conversations/{id}/messages", alice, new { message = "not yet mine" }));
        await Expect(403, "forbidden", WithToken(HttpMethod.Post, $"api/conversations/{id}/rate", alice, new { score = 5 }));

        // 404: nothing there (for a customer's GET, someone else's conversation looks the same).
        await Expect(404, "not_found", WithToken(HttpMethod.Post, "api/conversations/no-such-id/claim", alice));
        await Expect(404, "not_found", WithToken(HttpMethod.Post, "api/conversations/no-such-id/notes", alice, new { message = "n" }));
        await Expect(404, null, WithToken(HttpMethod.Get, "api/conversations/no-such-id", alice));
        await Expect(404, null, WithToken(HttpMethod.Get, $"api/conversations/{id}", other.Token));

        // 400 for a transfer to nobody, 409 for what the state forbids.
        Assert.Equal(200, (await broker.SendAsync(WithToken(HttpMethod.Post, $"api/conversations/{id}/claim", alice))).Status);
        await Expect(400, "invalid", WithToken(HttpMethod.Post, $"api/conversations/{id}/transfer", alice, new { toAgent = "nobody" }));
        await Expect(409, "conflict", WithToken(HttpMethod.Post, $"api/conversations/{id}/claim", bob));
        await Expect(403, "forbidden", WithToken(HttpMethod.Post, $"api/conversations/{id}/close", bob));
        await Expect(409, "conflict", WithToken(HttpMethod.Post, $"api/conversations/{id}/rate", me, new { score = 5 }));
        Assert.Equal(200, (await broker.SendAsync(WithToken(HttpMethod.Post, $"api/conversations/{id}/close", me))).Status);
        await Expect(409, "conflict", WithToken(HttpMethod.Post, $"api/conversations/{id}/close", alice));
        await Expect(403, "forbidden", WithToken(HttpMethod.Post, $"api/conversations/{id}/messages", alice, new { message = "no longer held" }));

        // Nothing refused reached the customer: the next message it gets is the one after them all.
        await customer.SendAsync("/chat/message", new { message = "a fresh start" });
        var next = await customer.WaitForChatAsync(m => m.GetProperty("message").GetString() != "same again");
        Assert.Equal("a fresh start", next.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AnApiKeyWritesAsABotReadsAnyConversationAndNeverActsAsAnAgent()
    {
        await using var broker = await StartBrokerAsync(ApiKeySettings);
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var customer = await ChatParty.CustomerAsync(broker, "Ada");
        var id = await ConversationIdAsync(customer);

        var (status, message, _) = await broker.SendAsync(WithKey(HttpMethod.Post, $"api/conversations/{id}/messages", ApiKey, new { message = "Your order #42 shipped today." }));
        Assert.Equal(201, status);
        Assert.Equal("bot", message.GetProperty("senderRole").GetString());
        Assert.Equal(ApiKeyName, message.GetProperty("senderName").GetString());
        Assert.Equal("apikey:" + ApiKeyName, message.GetProperty("userFrom").GetString());
        Assert.Equal(customer.UserId, message.GetProperty("userTo").GetString());
        Assert.Equal(message.GetRawText(), (await customer.WaitForMessageAsync("Your order #42 shipped today.")).GetRawText());

        // A note: 201 private, never to the customer (the next message it gets is the later one).
        (status, var note, _) = await broker.SendAsync(WithKey(HttpMethod.Post, $"api/conversations/{id}/notes", ApiKey, new { message = "CRM: premium customer" }));
        Assert.Equal(201, status);
        Assert.True(note.GetProperty("private").GetBoolean());
        Assert.Equal(201, (await broker.SendAsync(WithKey(HttpMethod.Post, $"api/conversations/{id}/messages", ApiKey, new { message = "after the note" }))).Status);
        Assert.Equal("after the note", (await customer.NextAsync(ChatParty.Messages)).GetProperty("message").GetString());

        // It reads every conversation and the online agents (alice has a session, bob none).
        var (getStatus, conversation, _) = await broker.SendAsync(WithKey(HttpMethod.Get, $"api/conversations/{id}", ApiKey));
        Assert.Equal(200, getStatus);
        Assert.Equal("after the note", conversation.GetProperty("lastMessage").GetProperty("message").GetString());
        var (onlineStatus, online, _) = await broker.SendAsync(WithKey(HttpMethod.Get, "api/agents/online", ApiKey));
        Assert.Equal(200, onlineStatus);
        Assert.Equal(["alice"], online.EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        Assert.Equal(403, (await broker.SendAsync(WithToken(HttpMethod.Get, "api/agents/online", customer.Token.Token))).Status);
        Assert.Equal(401, (await broker.SendAsync(WithKey(HttpMethod.Get, "api/agents/online", ApiKey + "x"))).Status);

        // Never an agent or a customer: claim, close, transfer, typing, read, rate are 403.
        foreach (var (action, body) in new (string, object?)[] { ("claim", null), ("close", null), ("transfer", new { toAgent = "bob" }), ("typing", new { typing = true }), ("read", new { messageId = "1-0" }), ("rate", new { score = 5 }) })
        {
            var (refused, problem, _) = await broker.SendAsync(WithKey(HttpMethod.Post, $"api/conversations/{id}/{action}", ApiKey, body));
            Assert.True(refused == 403, $"{action}: {refused} {problem}");
        }

        // 404 for an unknown conversation, 409 once it is closed.
        Assert.Equal(404, (await broker.SendAsync(WithKey(HttpMethod.Post, "api/conversations/nope/messages", ApiKey, new { message = "x" }))).Status);
        await customer.SendAsync("/chat/close", new { conversationId = id });
        Assert.Equal(409, (await broker.SendAsync(WithKey(HttpMethod.Post, $"api/conversations/{id}/messages", ApiKey, new { message = "x" }))).Status);
    }

    [Fact]
    public async Task PastTheSendRateADoorAnswers429RateLimitedPerCaller()
    {
        await using var broker = await StartBrokerAsync("CustomerChat:Limits:SendsPerSecondPerConnection=1");
        await using var customer = await ChatParty.CustomerAsync(broker);
        var id = await ConversationIdAsync(customer);
        var statuses = new List<int>();
        JsonElement problem = default;
        for (var i = 0; i < 10; i++)
        {
            var (status, body, _) = await broker.SendAsync(WithToken(HttpMethod.Post, $"api/conversations/{id}/typing", customer.Token.Token, new { typing = i % 2 == 0 }));
            statuses.Add(status);
            problem = status == 429 ? body : problem;
        }

        Assert.Contains(429, statuses);
        Assert.All(statuses, s => Assert.True(s is 204 or 429, $"unexpected {s}"));
        Assert.Equal("rate_limited", problem.GetProperty("code").GetString());

        // The bucket is the caller's: another user is not affected.
        var agent = await broker.LoginAsync("alice");
        Assert.Equal(200, (await broker.SendAsync(WithToken(HttpMethod.Post, $"api/conversations/{id}/claim", agent.Token))).Status);
    }

    /// <summary>The id of the customer's conversation, from its first <c>conversation.state</c>.</summary>
    protected static async Task<string> ConversationIdAsync(ChatParty customer)
    {
        var state = await customer.WaitForAsync(ChatParty.Events, "conversation.state", e => e.GetProperty("conversation").ValueKind == JsonValueKind.Object);
        return state.GetProperty("conversation").GetProperty("id").GetString()!;
    }
}

/// <summary><see cref="HttpDoorScenarios"/> in memory.</summary>
public sealed class InMemoryHttpDoorScenarios : HttpDoorScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => BrokerHost.StartAsync(settings);
}

/// <summary><see cref="HttpDoorScenarios"/> on Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisHttpDoorScenarios(RedisFixture redis) : HttpDoorScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => redis.StartBrokerAsync(settings);
}
