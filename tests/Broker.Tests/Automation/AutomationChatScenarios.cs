using System.Text.Json;
using CustomerChat.Broker.Tests.Conversations;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;

namespace CustomerChat.Broker.Tests.Automation;

/// <summary>
/// The message pipeline and the bot end to end with real STOMP parties (docs/protocol.md §13): a refused message
/// reaches nobody and is not stored, a masked word is masked for everyone, the bot's greeting arrives as a bot
/// ChatMessage. Runs in memory and on Redis.
/// </summary>
public abstract class AutomationChatScenarios : ChatScenarioBase
{
    private static async Task<(ChatParty Agent, ChatParty Customer, string ConversationId)> ActiveChatAsync(BrokerHost broker)
    {
        var alice = await ChatParty.AgentAsync(broker, "alice");
        var customer = await ChatParty.CustomerAsync(broker);
        var id = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString()!;
        await alice.SendAsync("/chat/claim", new { conversationId = id });
        await customer.WaitForAsync(ChatParty.Events, "conversation.state", e => e.TryGetProperty("reason", out var reason) && reason.GetString() == "claimed");
        return (alice, customer, id);
    }

    [Fact]
    public async Task AMessageRefusedByASpamRuleIsRejectedStoredNowhereAndDeliveredToNobody()
    {
        await using var broker = await StartBrokerAsync();
        var (alice, customer, id) = await ActiveChatAsync(broker);
        await using var _ = alice;
        await using var __ = customer;

        var refused = await customer.AssertRefusedAsync("/chat/message",
            new { message = "deals http://a.example http://b.example http://c.example" }, "rejected");
        Assert.Contains("link", refused.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);

        // The fence: the next message each party receives is the later one, and history holds only it.
        await customer.SendAsync("/chat/message", new { message = "fence after the spam" });
        Assert.Equal("fence after the spam", (await alice.NextAsync(ChatParty.Messages)).GetProperty("message").GetString());
        Assert.Equal("fence after the spam", (await customer.NextAsync(ChatParty.Messages)).GetProperty("message").GetString());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/conversations/{id}/messages");
        request.Headers.Authorization = new("Bearer", alice.Token.Token);
        using var response = await broker.Http.SendAsync(request);
        var history = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("messages");
        Assert.DoesNotContain(history.EnumerateArray(), m => m.GetProperty("message").GetString()!.Contains("example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AProfaneWordIsMaskedInWhatEveryPartyReceives()
    {
        await using var broker = await StartBrokerAsync();
        var (alice, customer, _) = await ActiveChatAsync(broker);
        await using var a = alice;
        await using var c = customer;

        await customer.SendAsync("/chat/message", new { message = "This is Shit, truly." });
        Assert.Equal("This is ****, truly.", (await alice.NextAsync(ChatParty.Messages)).GetProperty("message").GetString());
        Assert.Equal("This is ****, truly.", (await customer.NextAsync(ChatParty.Messages)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task TheBotGreetsAfterTheFirstCustomerMessageAsABotChatMessage()
    {
        await using var broker = await StartBrokerAsync("CustomerChat:Bot:Enabled=true", "CustomerChat:Bot:Name=Robin",
            "CustomerChat:Bot:Greeting=Hello! An agent will be with you shortly.");
        await using var customer = await ChatParty.CustomerAsync(broker);
        await customer.SendAsync("/chat/message", new { message = "Hi there" });
        Assert.Equal("Hi there", (await customer.NextAsync(ChatParty.Messages)).GetProperty("message").GetString());
        var greeting = await customer.NextAsync(ChatParty.Messages);
        Assert.Equal("Hello! An agent will be with you shortly.", greeting.GetProperty("message").GetString());
        Assert.Equal("bot", greeting.GetProperty("senderRole").GetString());
        Assert.Equal("bot", greeting.GetProperty("userFrom").GetString());
        Assert.Equal("Robin", greeting.GetProperty("senderName").GetString());
        Assert.False(greeting.GetProperty("private").GetBoolean());

        // Once only: a second message gets no second greeting (fence: the third message comes next).
        await customer.SendAsync("/chat/message", new { message = "second" });
        await customer.SendAsync("/chat/message", new { message = "third" });
        Assert.Equal("second", (await customer.NextAsync(ChatParty.Messages)).GetProperty("message").GetString());
        Assert.Equal("third", (await customer.NextAsync(ChatParty.Messages)).GetProperty("message").GetString());
    }
}

public sealed class InMemoryAutomationChatScenarios : AutomationChatScenarios
{
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => BrokerHost.StartAsync(settings);
}

[Collection(RedisCollection.Name)]
public sealed class RedisAutomationChatScenarios(RedisFixture redis) : AutomationChatScenarios
{
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => redis.StartBrokerAsync(settings);
}
