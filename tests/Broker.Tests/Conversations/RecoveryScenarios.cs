using System.Text.Json;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Conversations;

/// <summary>docs/protocol.md §6 "/user/queue/messages": a user who reconnects with <c>x-since</c> misses nothing and sees nothing twice.</summary>
public abstract class RecoveryScenarios : ChatScenarioBase
{
    [Fact]
    public async Task ReconnectWithSinceReplaysEveryMissedMessageOnceThenGoesLive()
    {
        await using var broker = await StartBrokerAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        var customer = await ChatParty.CustomerAsync(broker);
        var id = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString();
        await alice.SendAsync("/chat/claim", new { conversationId = id });
        await customer.SendAsync("/chat/message", new { message = "m0" });
        var lastSeen = (await customer.WaitForMessageAsync("m0")).GetProperty("id").GetString()!;

        // The customer drops; the agent goes on writing.
        customer.Client.Abort();
        await customer.DisposeAsync();
        for (var i = 1; i <= 5; i++)
        {
            await alice.SendAsync("/chat/message", new { conversationId = id, message = $"m{i}" });
        }

        await using var back = await ChatParty.ConnectAsync(broker, customer.Token, agent: false, since: lastSeen);
        await alice.SendAsync("/chat/message", new { conversationId = id, message = "m6" });

        var received = new List<string>();
        while (received.Count < 6)
        {
            received.Add((await back.NextAsync(ChatParty.Messages)).GetProperty("message").GetString()!);
        }

        Assert.Equal(["m1", "m2", "m3", "m4", "m5", "m6"], received);
        await back.AssertQuietAsync(ChatParty.Messages);
    }

    [Fact]
    public async Task ReconnectingCustomerIsBackInItsOpenConversation()
    {
        await using var broker = await StartBrokerAsync();
        var customer = await ChatParty.CustomerAsync(broker);
        var first = await customer.WaitForAsync(ChatParty.Events, "conversation.state", e => e.GetProperty("conversation").ValueKind == JsonValueKind.Object);
        await customer.DisposeAsync();
        await using var back = await ChatParty.ConnectAsync(broker, customer.Token, agent: false);
        var state = await back.NextAsync(ChatParty.Events);
        Assert.Equal("conversation.state", state.GetProperty("type").GetString());
        Assert.Equal(first.GetProperty("conversation").GetProperty("id").GetString(), state.GetProperty("conversation").GetProperty("id").GetString());
    }

    [Fact]
    public async Task ReplayCoversMessagesPublishedWhileTheSubscriptionWasBeingSetUp()
    {
        await using var broker = await StartBrokerAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var customer = await ChatParty.CustomerAsync(broker);
        var id = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString();
        await alice.SendAsync("/chat/claim", new { conversationId = id });
        await customer.SendAsync("/chat/message", new { message = "start" });
        var since = (await customer.WaitForMessageAsync("start")).GetProperty("id").GetString()!;

        // A second tab subscribes with x-since while the agent writes as fast as it can.
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++)
            {
                await alice.SendAsync("/chat/message", new { conversationId = id, message = $"n{i}" });
            }
        });
        await using var tab = await ChatParty.ConnectAsync(broker, customer.Token, agent: false, since: since);
        await writer;

        var seen = new List<string>();
        while (seen.Count < 30)
        {
            seen.Add((await tab.NextAsync(ChatParty.Messages)).GetProperty("message").GetString()!);
        }

        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"n{i}"), seen);
        await tab.AssertQuietAsync(ChatParty.Messages);
    }

    [Fact]
    public async Task InvalidSinceIsRefused()
    {
        await using var broker = await StartBrokerAsync();
        await using var customer = await ChatParty.CustomerAsync(broker);
        await customer.Client.SendAsync(new Protocol.StompFrame(Protocol.StompCommand.Subscribe)
            .With("destination", "/user/queue/messages").With("id", "m2").With("x-since", "yesterday"));
        var error = (await customer.NextErrorAsync()).Body;
        Assert.Equal("invalid", error.GetProperty("code").GetString());
        Assert.Contains("x-since", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task HistoryPagesOverHttp()
    {
        await using var broker = await StartBrokerAsync();
        await using var customer = await ChatParty.CustomerAsync(broker);
        for (var i = 0; i < 5; i++)
        {
            await customer.SendAsync("/chat/message", new { message = $"p{i}" });
        }

        var id = (await customer.NextAsync(ChatParty.Messages)).GetProperty("conversationId").GetString();
        var texts = new List<string>();
        string? after = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/conversations/{id}/messages?limit=2" + (after is null ? "" : $"&after={after}"));
            request.Headers.Authorization = new("Bearer", customer.Token.Token);
            using var response = await broker.Http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            texts.AddRange(page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("message").GetString()!));
            after = page.GetProperty("next").GetString();
        }
        while (after is not null && texts.Count < 10);

        Assert.Equal(["p0", "p1", "p2", "p3", "p4"], texts);
    }
}

public sealed class InMemoryRecoveryScenarios : RecoveryScenarios
{
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => BrokerHost.StartAsync(settings);
}
