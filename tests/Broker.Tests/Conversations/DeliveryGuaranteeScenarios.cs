using System.Text.Json;
using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.History;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Tests.Conversations;

/// <summary>
/// docs/protocol.md §19: idempotent sends (<c>clientMessageId</c>), <c>history.truncated</c> and per-conversation
/// <c>x-since</c> cursors. Runs in memory, on a single Redis and on a Redis Cluster.
/// </summary>
public abstract class DeliveryGuaranteeScenarios : ChatScenarioBase
{
    [Fact]
    public async Task ResendWithTheSameClientMessageIdIsReceiptedButNeitherStoredNorDeliveredTwice()
    {
        await using var broker = await StartBrokerAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var customer = await ChatParty.CustomerAsync(broker);
        var id = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString()!;
        await alice.SendAsync("/chat/claim", new { conversationId = id });

        await customer.SendAsync("/chat/message", new { message = "once", clientMessageId = "c-1:a.b_c" });
        var first = await alice.WaitForMessageAsync("once");
        Assert.Equal("c-1:a.b_c", first.GetProperty("clientMessageId").GetString());

        // The RECEIPT was "lost": the customer resends, the same id, and gets its RECEIPT again.
        await customer.SendAsync("/chat/message", new { message = "once", clientMessageId = "c-1:a.b_c" });
        await customer.SendAsync("/chat/message", new { message = "twice", clientMessageId = "c-2" });

        // The agent's next message is the second one: the resend was not delivered.
        Assert.Equal("twice", (await alice.NextAsync(ChatParty.Messages)).GetProperty("message").GetString());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/conversations/{id}/messages");
        request.Headers.Authorization = new("Bearer", customer.Token.Token);
        using var response = await broker.Http.SendAsync(request);
        var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["once", "twice"], page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("message").GetString()));

        // Another user may use the same client message id: it is the sender's own.
        await alice.SendAsync("/chat/message", new { conversationId = id, message = "agent", clientMessageId = "c-1:a.b_c" });
        Assert.Equal("agent", (await customer.WaitForChatAsync(m => m.GetProperty("userFrom").GetString() == "alice")).GetProperty("message").GetString());
    }

    [Fact]
    public async Task AResendOfAMessageWhoseInstanceDiedBeforeRecordingItMakesItTheLastMessageWithoutDeliveringItAgain()
    {
        await using var broker = await StartBrokerAsync();
        var history = broker.Services.GetRequiredService<IHistoryStore>();
        var conversations = broker.Services.GetRequiredService<ConversationService>();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var customer = await ChatParty.CustomerAsync(broker);
        var id = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString()!;
        await alice.SendAsync("/chat/claim", new { conversationId = id });

        // What an instance killed between the append and the last-message update leaves: the message is in the
        // history (and was delivered before the kill, or never), the conversation does not know it.
        var (stored, _) = await history.AppendAndPublishAsync(
            new ChatMessageView("", id, customer.UserId, "alice", "customer", "Ada", "lost receipt", DateTimeOffset.UtcNow) { ClientMessageId = "c-lost" },
            [], ChatPublisher.Message);
        Assert.Null((await conversations.GetLatestForCustomerAsync(customer.UserId))!.LastMessage);

        // The client never got its RECEIPT and resends: receipted, recorded as the last message, not delivered.
        await customer.SendAsync("/chat/message", new { message = "lost receipt", clientMessageId = "c-lost" });
        Assert.Equal(stored.Id, (await conversations.GetLatestForCustomerAsync(customer.UserId))!.LastMessage?.Id);
        await customer.SendAsync("/chat/message", new { message = "fence", clientMessageId = "c-fence" });
        Assert.Equal("fence", (await alice.NextAsync(ChatParty.Messages)).GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ünï")]
    [InlineData("a/b")]
    [InlineData("x-0123456789012345678901234567890123456789012345678901234567890123")]
    public async Task InvalidClientMessageIdIsRefused(string clientMessageId)
    {
        await using var broker = await StartBrokerAsync();
        await using var customer = await ChatParty.CustomerAsync(broker);
        var error = await customer.AssertRefusedAsync("/chat/message", new { message = "hi", clientMessageId }, "invalid");
        Assert.Contains("clientMessageId", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task SinceOlderThanTheOldestKeptMessageIsPrecededByHistoryTruncated()
    {
        await using var broker = await StartBrokerAsync("CustomerChat:Conversations:MaxMessagesPerConversation=3");
        var customer = await ChatParty.CustomerAsync(broker);
        var ids = new List<string>();
        string? conversationId = null;
        for (var i = 0; i < 6; i++)
        {
            await customer.SendAsync("/chat/message", new { message = $"m{i}" });
            var message = await customer.WaitForMessageAsync($"m{i}");
            ids.Add(message.GetProperty("id").GetString()!);
            conversationId = message.GetProperty("conversationId").GetString();
        }

        await customer.DisposeAsync();

        // m0..m2 were trimmed: a client that last saw m0 misses m1 and m2, and is told so.
        await using var back = await ChatParty.ConnectAsync(broker, customer.Token, agent: false, since: ids[0]);
        var truncated = await back.WaitForAsync(ChatParty.Events, "history.truncated");
        Assert.Equal(conversationId, truncated.GetProperty("conversationId").GetString());
        Assert.Equal(ids[3], truncated.GetProperty("oldestId").GetString());
        var replay = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            replay.Add((await back.NextAsync(ChatParty.Messages)).GetProperty("message").GetString()!);
        }

        Assert.Equal(["m3", "m4", "m5"], replay);

        // A client that last saw the oldest kept message missed nothing: no event (the conversation.state fence proves it).
        await using var current = await ChatParty.ConnectAsync(broker, customer.Token, agent: false, since: ids[3]);
        await current.SendAsync("/chat/message", new { message = "after" });
        Assert.Equal("m4", (await current.NextAsync(ChatParty.Messages)).GetProperty("message").GetString());
        var events = await current.DrainAsync(ChatParty.Events);
        Assert.DoesNotContain(events, e => e.GetProperty("type").GetString() == "history.truncated");
    }

    [Fact]
    public async Task PerConversationCursorsReplayEachConversationFromItsOwnId()
    {
        await using var broker = await StartBrokerAsync("CustomerChat:Conversations:AgentCapacity=10");
        var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var ada = await ChatParty.CustomerAsync(broker, "Ada");
        var a = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString()!;
        await using var bob = await ChatParty.CustomerAsync(broker, "Bob");
        var b = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting", e => e.GetProperty("conversation").GetProperty("id").GetString() != a))
            .GetProperty("conversation").GetProperty("id").GetString()!;
        await alice.SendAsync("/chat/claim", new { conversationId = a });
        await alice.SendAsync("/chat/claim", new { conversationId = b });
        var seen = new Dictionary<string, string>();
        foreach (var (party, text) in new[] { (ada, "a1"), (bob, "b1"), (ada, "a2"), (bob, "b2") })
        {
            await party.SendAsync("/chat/message", new { message = text });
            seen[text] = (await alice.WaitForMessageAsync(text)).GetProperty("id").GetString()!;
        }

        var token = alice.Token;
        await alice.DisposeAsync();

        // Only a is listed: a replays after a1, b (not listed) from 0-0.
        await using (var back = await ChatParty.ConnectAsync(broker, token, agent: false, since: $"{a}={seen["a1"]}"))
        {
            // Ids of two conversations may tie (each stream has its own sequence), so compare as a set.
            Assert.Equal(["a2", "b1", "b2"], (await TextsAsync(back, 3)).Order());
            await back.AssertQuietAsync(ChatParty.Messages);
        }

        // Both listed.
        await using (var back = await ChatParty.ConnectAsync(broker, token, agent: false, since: $"{a}={seen["a2"]}, {b}={seen["b1"]}"))
        {
            Assert.Equal(["b2"], await TextsAsync(back, 1));
            await back.AssertQuietAsync(ChatParty.Messages);
        }

        // A malformed list is refused.
        await using var bad = await ChatParty.ConnectAsync(broker, token, agent: false);
        await bad.Client.SendAsync(new Protocol.StompFrame(Protocol.StompCommand.Subscribe)
            .With("destination", "/user/queue/messages").With("id", "m2").With("x-since", $"{a}=yesterday"));
        Assert.Equal("invalid", (await bad.NextErrorAsync()).Body.GetProperty("code").GetString());
    }

    private static async Task<List<string>> TextsAsync(ChatParty party, int count)
    {
        var texts = new List<string>();
        while (texts.Count < count)
        {
            texts.Add((await party.NextAsync(ChatParty.Messages)).GetProperty("message").GetString()!);
        }

        return texts;
    }
}

/// <summary><see cref="DeliveryGuaranteeScenarios"/> in memory.</summary>
public sealed class InMemoryDeliveryGuaranteeScenarios : DeliveryGuaranteeScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => BrokerHost.StartAsync(settings);
}
