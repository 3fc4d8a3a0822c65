using System.Net;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Redis;

/// <summary>
/// Durability (docs/SCALING.md "Durability"): a RECEIPT only once Redis has the message; with <c>appendonly yes</c>
/// and <c>appendfsync always</c> a Redis killed (SIGKILL) and restarted on the same append-only file mid-chat loses
/// nothing receipted, the broker recovers by itself, and a client that resends what got no RECEIPT (same
/// <c>clientMessageId</c>) causes no duplicate.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisDurabilityTests
{
    private const int Messages = 30;

    [Fact]
    public async Task RedisKilledAndRestartedOnItsAppendOnlyFileMidChatLosesNoReceiptedMessageAndStoresNoneTwice()
    {
        await using var server = await RedisServer.StartAsync(persistent: true);
        await using var broker = await BrokerHost.StartAsync(RedisFixture.Settings(server, RedisFixture.NewPrefix()));
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        await using var customer = await ChatParty.CustomerAsync(broker);
        var id = (await alice.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString()!;
        await alice.SendAsync("/chat/claim", new { conversationId = id });

        var receipted = new List<string>();
        var refusals = 0;
        var killed = false;

        // One pending read of the error queue at a time (a refusal is for the SEND just made: frames are handled in order).
        Task<(System.Text.Json.JsonElement Body, string? ReceiptId)>? error = null;
        for (var i = 0; i < Messages; i++)
        {
            if (i == 10)
            {
                // Mid-chat: Redis dies and comes back on the same file while the customer goes on writing.
                await server.StopAsync();
                killed = true;
            }

            while (true)
            {
                var receipt = await customer.SendExpectingRefusalAsync("/chat/message", new { message = $"m{i}", clientMessageId = $"cm-{i}" });
                error ??= customer.NextErrorAsync(TimeSpan.FromMinutes(3));
                if (await Task.WhenAny(customer.ReceiptAsync(receipt), error) != error)
                {
                    receipted.Add($"m{i}");
                    break;
                }

                var (refusal, receiptId) = await error;
                error = null;
                Assert.Equal(receipt, receiptId);
                Assert.Equal("unavailable", refusal.GetProperty("code").GetString());
                refusals++;
                if (killed)
                {
                    await server.StartAgainAsync();
                    killed = false;
                }

                await WaitUntilReadyAsync(broker);
            }
        }

        Assert.True(refusals > 0, "Redis was down, so at least one SEND must have been refused.");
        var history = await RedisScaleOutTests.ReadAllPagesAsync(broker, id, customer.Token.Token);
        Assert.Equal(receipted, history.Select(m => m.Text));
        Assert.Equal(Enumerable.Range(0, Messages).Select(i => $"m{i}"), receipted);

        // Live again: the agent hears the next message.
        await customer.SendAsync("/chat/message", new { message = "after" });
        await alice.WaitForMessageAsync("after");
    }

    private static async Task WaitUntilReadyAsync(BrokerHost host)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var response = await host.Http.GetAsync("health/ready");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "The broker did not become ready again by itself.");
            await Task.Delay(100); // polling an HTTP status for a state change; bounded by the deadline
        }
    }
}
