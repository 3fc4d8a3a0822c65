using System.Text.Json;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Conversations;

/// <summary>
/// Every refusal of docs/protocol.md §5–6 arrives on <c>/user/queue/errors</c> with the frame's receipt as
/// <c>receipt-id</c>, the frame gets no RECEIPT, nothing of it reaches anyone else, and the session goes on.
/// </summary>
public abstract class RefusalScenarios : ChatScenarioBase
{
    [Fact]
    public async Task CustomerMayNotSubscribeToTheSupportTopic()
    {
        await using var broker = await StartBrokerAsync();
        await using var customer = await ChatParty.CustomerAsync(broker);
        var receipt = "sub-support";
        await customer.Client.SendAsync(new Protocol.StompFrame(Protocol.StompCommand.Subscribe)
            .With("destination", "/chat/topic/support").With("id", "s").With("receipt", receipt));
        var (error, receiptId) = await customer.NextErrorAsync();
        Assert.Equal("forbidden", error.GetProperty("code").GetString());
        Assert.Equal("/chat/topic/support", error.GetProperty("destination").GetString());
        Assert.Equal(receipt, receiptId);
        await customer.AssertQuietAsync("s");
    }

    [Fact]
    public async Task CustomerMayNotSubscribeToAnotherUsersQueue()
    {
        await using var broker = await StartBrokerAsync();
        await using var victim = await ChatParty.CustomerAsync(broker, "Victim");
        await using var attacker = await ChatParty.CustomerAsync(broker, "Mallory");
        await attacker.Client.SendAsync(new Protocol.StompFrame(Protocol.StompCommand.Subscribe)
            .With("destination", $"/user/{victim.UserId}/queue/messages").With("id", "steal").With("receipt", "x"));
        Assert.Equal("forbidden", (await attacker.NextErrorAsync()).Body.GetProperty("code").GetString());

        // A queue of a user that does not exist is refused the same way.
        await attacker.Client.SendAsync(new Protocol.StompFrame(Protocol.StompCommand.Subscribe)
            .With("destination", "/user/c-00000000-0000-0000-0000-000000000000/queue/messages").With("id", "steal2"));
        var second = (await attacker.NextErrorAsync()).Body;
        Assert.Equal("forbidden", second.GetProperty("code").GetString());

        await victim.SendAsync("/chat/message", new { message = "private" });
        await attacker.AssertQuietAsync("steal");
        await attacker.AssertQuietAsync(ChatParty.Messages);
    }

    [Fact]
    public async Task SpoofedUserFromIsRefusedAndReachesNobody()
    {
        await using var broker = await StartBrokerAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var customer = await ChatParty.CustomerAsync(broker);
        var receipt = await customer.SendExpectingRefusalAsync("/chat/message", new { userFrom = "alice", message = "I am alice" });
        var (error, receiptId) = await customer.NextErrorAsync();
        Assert.Equal("forbidden", error.GetProperty("code").GetString());
        Assert.Contains("userFrom", error.GetProperty("message").GetString());
        Assert.Equal(receipt, receiptId);
        Assert.False(customer.GotReceipt(receipt));
        await customer.AssertQuietAsync(ChatParty.Messages);
        Assert.DoesNotContain(await alice.DrainAsync(ChatParty.Support), e => e.GetProperty("type").GetString() == "conversation.updated");
    }

    [Fact]
    public async Task AgentMayNotWriteIntoAnotherAgentsConversation()
    {
        await using var broker = await StartBrokerAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var bob = await ChatParty.AgentAsync(broker, "bob");
        await using var customer = await ChatParty.CustomerAsync(broker);
        var id = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString();
        await alice.SendAsync("/chat/claim", new { conversationId = id });
        await bob.AssertRefusedAsync("/chat/message", new { conversationId = id, message = "hijack" }, "forbidden");
        await bob.AssertRefusedAsync("/chat/message", new { userTo = customer.UserId, message = "hijack 2" }, "forbidden");
        await bob.AssertRefusedAsync("/chat/close", new { conversationId = id }, "forbidden");
        var received = await customer.DrainAsync(ChatParty.Messages);
        Assert.DoesNotContain(received, m => m.GetProperty("message").GetString()!.StartsWith("hijack", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public async Task BlankMessageIsInvalid(string text)
    {
        await using var broker = await StartBrokerAsync();
        await using var customer = await ChatParty.CustomerAsync(broker);
        var error = await customer.AssertRefusedAsync("/chat/message", new { message = text }, "invalid");
        Assert.Contains("message", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task MessageLengthIsCountedInCodePoints()
    {
        await using var broker = await StartBrokerAsync();
        await using var customer = await ChatParty.CustomerAsync(broker);

        // 4,000 emoji are 8,000 UTF-16 chars but 4,000 code points: allowed.
        var longest = string.Concat(Enumerable.Repeat("😀", 4000));
        await customer.SendAsync("/chat/message", new { message = longest });
        Assert.Equal(longest, (await customer.NextAsync(ChatParty.Messages)).GetProperty("message").GetString());

        var error = await customer.AssertRefusedAsync("/chat/message", new { message = longest + "!" }, "invalid");
        Assert.Contains("4000", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task MissingMessageFieldIsNamed()
    {
        await using var broker = await StartBrokerAsync();
        await using var customer = await ChatParty.CustomerAsync(broker);
        var error = await customer.AssertRefusedAsync("/chat/message", new { text = "wrong field", unknown = 1 }, "invalid");
        Assert.Contains("'message'", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task UnknownFieldsAreIgnored()
    {
        await using var broker = await StartBrokerAsync();
        await using var customer = await ChatParty.CustomerAsync(broker);
        await customer.SendAsync("/chat/message", new { message = "hi", clientTimestamp = 123, extra = new { nested = true } });
        Assert.Equal("hi", (await customer.NextAsync(ChatParty.Messages)).GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("null")]
    public async Task MalformedJsonIsInvalidAndTheSessionGoesOn(string body)
    {
        await using var broker = await StartBrokerAsync();
        await using var customer = await ChatParty.CustomerAsync(broker);
        var receipt = await customer.SendRawBodyAsync("/chat/message", body);
        var (error, receiptId) = await customer.NextErrorAsync();
        Assert.Equal("invalid", error.GetProperty("code").GetString());
        Assert.Equal(receipt, receiptId);
        await customer.SendAsync("/chat/message", new { message = "still here" });
        Assert.Equal("still here", (await customer.NextAsync(ChatParty.Messages)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task WrongFieldTypeIsNamed()
    {
        await using var broker = await StartBrokerAsync();
        await using var customer = await ChatParty.CustomerAsync(broker);
        await customer.SendAsync("/chat/close", new { });
        await customer.SendRawBodyAsync("/chat/rate", "{\"score\": \"five\"}");
        var error = (await customer.NextErrorAsync()).Body;
        Assert.Equal("invalid", error.GetProperty("code").GetString());
        Assert.Contains("score", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task UnknownDestinationIsNotFound()
    {
        await using var broker = await StartBrokerAsync();
        await using var customer = await ChatParty.CustomerAsync(broker);
        var error = await customer.AssertRefusedAsync("/chat/nonsense", new { }, "not_found");
        Assert.Equal("/chat/nonsense", error.GetProperty("destination").GetString());
    }

    [Fact]
    public async Task CustomerMayNotClaimTransferOrUsePlainTopics()
    {
        await using var broker = await StartBrokerAsync();
        await using var customer = await ChatParty.CustomerAsync(broker);
        await customer.AssertRefusedAsync("/chat/claim", new { conversationId = "x" }, "forbidden");
        await customer.AssertRefusedAsync("/chat/transfer", new { conversationId = "x", toAgent = "bob" }, "forbidden");
        await customer.AssertRefusedAsync("/topic/announcements", new { }, "forbidden");
    }

    [Fact]
    public async Task CustomerCannotTellAnotherCustomersConversationFromANonexistentOne()
    {
        await using var broker = await StartBrokerAsync();
        await using var other = await ChatParty.CustomerAsync(broker, "Other");
        var otherId = (await other.WaitForAsync(ChatParty.Events, "conversation.state", e => e.GetProperty("conversation").ValueKind == JsonValueKind.Object))
            .GetProperty("conversation").GetProperty("id").GetString();
        await using var customer = await ChatParty.CustomerAsync(broker);
        await customer.SendExpectingRefusalAsync("/chat/message", new { conversationId = otherId, message = "hi" });
        var existing = (await customer.NextErrorAsync()).Body;
        await customer.SendExpectingRefusalAsync("/chat/message", new { conversationId = Guid.NewGuid().ToString(), message = "hi" });
        var missing = (await customer.NextErrorAsync()).Body;
        Assert.Equal(existing.GetProperty("code").GetString(), missing.GetProperty("code").GetString());
        Assert.Equal(existing.GetProperty("message").GetString(), missing.GetProperty("message").GetString());

        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/conversations/{otherId}/messages");
        request.Headers.Authorization = new("Bearer", customer.Token.Token);
        using var response = await broker.Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task RatingIsAllowedOnceAndOnlyAfterClose()
    {
        await using var broker = await StartBrokerAsync();
        await using var customer = await ChatParty.CustomerAsync(broker);
        await customer.AssertRefusedAsync("/chat/rate", new { score = 4 }, "conflict");
        await customer.SendAsync("/chat/close", new { });
        await customer.AssertRefusedAsync("/chat/rate", new { score = 9 }, "invalid");
        await customer.SendAsync("/chat/rate", new { score = 4 });
        await customer.AssertRefusedAsync("/chat/rate", new { score = 5 }, "conflict");
    }

    [Fact]
    public async Task SecondClaimOfAClaimedConversationIsAConflict()
    {
        await using var broker = await StartBrokerAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var bob = await ChatParty.AgentAsync(broker, "bob");
        await using var customer = await ChatParty.CustomerAsync(broker);
        var id = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString();
        await alice.SendAsync("/chat/claim", new { conversationId = id });
        await bob.AssertRefusedAsync("/chat/claim", new { conversationId = id }, "conflict");
    }
}

public sealed class InMemoryRefusalScenarios : RefusalScenarios
{
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => BrokerHost.StartAsync(settings);
}
