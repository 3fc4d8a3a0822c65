using System.Text.Json;
using CustomerChat.Broker.Integrations.Webhooks;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;
using static CustomerChat.Broker.Tests.Integrations.IntegrationApi;

namespace CustomerChat.Broker.Tests.Integrations;

/// <summary>
/// The chat's events as webhooks at a real receiver (docs/protocol.md §16 "Events"), and ticket changes at the
/// customer's <c>/user/queue/events</c> and the receiver (docs/protocol.md §17 "Events"). One worker per endpoint,
/// so the receiver sees the events in the order they happened and an event that must not be sent would show up
/// before the next expected one. Run in memory and on Redis.
/// </summary>
public abstract class ChatWebhookScenarios
{
    private static readonly string[] ChatEvents =
    [
        WebhookEvents.ConversationCreated, WebhookEvents.ConversationAssigned, WebhookEvents.ConversationClosed,
        WebhookEvents.ConversationRated, WebhookEvents.MessageCreated,
    ];

    /// <summary>Starts a broker with <paramref name="settings"/>.</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync(params string[] settings);

    [Fact]
    public async Task AStompChatSendsCreatedAssignedMessagesClosedAndRatedButNoNotes()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var broker = await StartBrokerAsync([
            .. ConfiguredWebhook(0, receiver.Url, receiver.Secret, ChatEvents), "CustomerChat:WebhookDelivery:WorkersPerEndpoint=1"]);
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var customer = await ChatParty.CustomerAsync(broker, "Ada");
        var id = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString();

        var created = await NextAsync(receiver, WebhookEvents.ConversationCreated);
        Assert.Equal(id, created.GetProperty("id").GetString());
        Assert.Equal("waiting", created.GetProperty("state").GetString());
        Assert.Equal(customer.UserId, created.GetProperty("customerId").GetString());

        await alice.SendAsync("/chat/claim", new { conversationId = id });
        var assigned = await NextAsync(receiver, WebhookEvents.ConversationAssigned);
        Assert.Equal("alice", assigned.GetProperty("agentId").GetString());
        Assert.Equal("active", assigned.GetProperty("state").GetString());

        await customer.SendAsync("/chat/message", new { message = "Where is my parcel?" });
        var question = await alice.WaitForMessageAsync("Where is my parcel?");
        Assert.True(JsonElement.DeepEquals(question, await NextAsync(receiver, WebhookEvents.MessageCreated)), "message.created data is the ChatMessage as delivered");

        // A note is stored and delivered to agents, but is no message.created: the next event is the agent's answer.
        Assert.Equal(201, (await broker.SendAsync(WithToken(HttpMethod.Post, $"api/conversations/{id}/notes", alice.Token.Token, new { message = "check the warehouse" }))).Status);
        await alice.SendAsync("/chat/message", new { conversationId = id, message = "It ships tomorrow." });
        var answer = await customer.WaitForMessageAsync("It ships tomorrow.");
        Assert.True(JsonElement.DeepEquals(answer, await NextAsync(receiver, WebhookEvents.MessageCreated)));

        await alice.SendAsync("/chat/close", new { conversationId = id });
        var closed = await NextAsync(receiver, WebhookEvents.ConversationClosed);
        var (_, shown, _) = await broker.SendAsync(WithToken(HttpMethod.Get, $"api/conversations/{id}", alice.Token.Token));
        Assert.True(JsonElement.DeepEquals(shown, closed), $"conversation.closed data is the Conversation as GET shows it: {closed} vs {shown}");

        await customer.SendAsync("/chat/rate", new { conversationId = id, score = 5, comment = "great" });
        var rated = await NextAsync(receiver, WebhookEvents.ConversationRated);
        Assert.Equal(5, rated.GetProperty("rating").GetProperty("score").GetInt32());
        Assert.Equal("great", rated.GetProperty("rating").GetProperty("comment").GetString());

        Assert.DoesNotContain(receiver.All, r => r.Body.Contains("check the warehouse", StringComparison.Ordinal));
        Assert.All(receiver.All, r => Assert.True(r.SignatureValid));
    }

    [Fact]
    public async Task TicketChangesReachTheCustomersEventsAndTheTicketWebhooks()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var broker = await StartBrokerAsync([
            .. ConfiguredWebhook(0, receiver.Url, receiver.Secret, WebhookEvents.TicketCreated, WebhookEvents.TicketUpdated),
            "CustomerChat:WebhookDelivery:WorkersPerEndpoint=1", .. ApiKeySettings]);
        await using var customer = await ChatParty.CustomerAsync(broker, "Ada");
        var state = await customer.WaitForAsync(ChatParty.Events, "conversation.state", e => e.GetProperty("conversation").ValueKind == JsonValueKind.Object);
        var conversationId = state.GetProperty("conversation").GetProperty("id").GetString();
        var agent = (await broker.LoginAsync("alice")).Token;

        var (status, ticket, _) = await broker.SendAsync(WithToken(HttpMethod.Post, "api/tickets", agent, new { conversationId, subject = "Parcel lost", priority = "high" }));
        Assert.Equal(201, status);
        Assert.Equal(customer.UserId, ticket.GetProperty("customerId").GetString());
        var opened = await customer.WaitForAsync(ChatParty.Events, "ticket.updated");
        Assert.True(JsonElement.DeepEquals(ticket, opened.GetProperty("ticket")));
        Assert.True(JsonElement.DeepEquals(ticket, await NextAsync(receiver, WebhookEvents.TicketCreated)));

        var id = ticket.GetProperty("id").GetString();
        (status, var updated, _) = await broker.SendAsync(WithToken(HttpMethod.Patch, $"api/tickets/{id}", agent, new { status = "in_progress", assignee = "alice" }));
        Assert.Equal(200, status);
        var changed = await customer.WaitForAsync(ChatParty.Events, "ticket.updated");
        Assert.Equal("in_progress", changed.GetProperty("ticket").GetProperty("status").GetString());
        Assert.True(JsonElement.DeepEquals(updated, changed.GetProperty("ticket")));
        Assert.True(JsonElement.DeepEquals(updated, await NextAsync(receiver, WebhookEvents.TicketUpdated)));

        // An API key opens a ticket too; the conversation's customer is told of it as well.
        (status, var byKey, _) = await broker.SendAsync(WithKey(HttpMethod.Post, "api/tickets", ApiKey, new { subject = "Sync failed", conversationId }));
        Assert.Equal(201, status);
        Assert.True(JsonElement.DeepEquals(byKey, await NextAsync(receiver, WebhookEvents.TicketCreated)));
        Assert.Equal(byKey.GetProperty("id").GetString(), (await customer.WaitForAsync(ChatParty.Events, "ticket.updated")).GetProperty("ticket").GetProperty("id").GetString());
    }

    // The next request the receiver gets must be of this type; returns its data.
    private static async Task<JsonElement> NextAsync(WebhookReceiver receiver, string type)
    {
        var received = await receiver.NextAsync();
        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.True(received.Event == type, $"expected {type}, got {received.Event}: {received.Body}");
        Assert.Equal(type, body.GetProperty("type").GetString());
        return body.GetProperty("data").Clone();
    }
}

/// <summary><see cref="ChatWebhookScenarios"/> in memory.</summary>
public sealed class InMemoryChatWebhookScenarios : ChatWebhookScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => BrokerHost.StartAsync(settings);
}

/// <summary><see cref="ChatWebhookScenarios"/> on Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisChatWebhookScenarios(RedisFixture redis) : ChatWebhookScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => redis.StartBrokerAsync(settings);
}
