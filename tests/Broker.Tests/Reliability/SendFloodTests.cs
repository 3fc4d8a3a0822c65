using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CustomerChat.Broker.Observability;
using CustomerChat.Broker.Tests.Identity;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Stomp;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Reliability;

/// <summary>
/// A SEND flood (issue 7): past <c>SendsPerSecondPerConnection</c> (a token bucket with a burst of twice the
/// rate) each SEND is refused on <c>/user/queue/errors</c> as <c>rate_limited</c>; five seconds' worth of refusals
/// in a row end the session with ERROR (frames already queued to it may be lost behind the ERROR). Other connections, including subscribers of the flooded topic, are served.
/// </summary>
public sealed class SendFloodTests(SendFloodTests.Fixture fixture) : IClassFixture<SendFloodTests.Fixture>
{
    private const int PerSecond = 5;

    [Fact]
    public async Task AFloodIsRefusedAsRateLimitedThenDisconnectedWhileOthersAreServed()
    {
        using var recorder = new MetricsRecorder(fixture.Broker.Services.GetRequiredService<BrokerMetrics>());
        await using var healthy = await HealthyPair.StartAsync(fixture);
        var topic = StompAssert.UniqueTopic("flooded");
        await using var listener = await fixture.ConnectAgentAsync("dave");
        await listener.SubscribeAsync(topic, "flooded");

        await using var flooder = await fixture.ConnectAgentAsync("mallory");
        await flooder.SubscribeAsync("/user/queue/errors", "errors");

        // 1. Twenty SENDs in one WebSocket message: the burst (2 × 5) is accepted, the rest are refused, each
        //    answered by exactly one of RECEIPT or a rate_limited refusal carrying its receipt as receipt-id.
        //    (The bucket may refill by 5 during the test: hence ranges, not exact counts.)
        var accepted = new List<int>();
        var refused = new List<int>();
        await flooder.SendRawAsync(Flood(topic, 0, 20));
        while (accepted.Count + refused.Count < 20)
        {
            var frame = await flooder.ReceiveAsync();
            switch (frame.Command)
            {
                case StompCommand.Receipt:
                    accepted.Add(int.Parse(frame["receipt-id"]![1..]));
                    break;
                case StompCommand.Message:
                    var body = JsonDocument.Parse(frame.Body).RootElement;
                    Assert.Equal("rate_limited", body.GetProperty("code").GetString());
                    Assert.Equal(topic, body.GetProperty("destination").GetString());
                    refused.Add(int.Parse(frame["receipt-id"]![1..]));
                    break;
                default:
                    Assert.Fail($"Unexpected {frame.Command}: {frame["message"]}");
                    break;
            }
        }

        Assert.InRange(accepted.Count, 2 * PerSecond, 3 * PerSecond);
        Assert.Equal(Enumerable.Range(0, 20), accepted.Concat(refused).Order());
        Assert.Equal(Enumerable.Range(0, 2 * PerSecond), accepted.Take(2 * PerSecond)); // the burst: the first ten

        // 2. A flood that keeps going: five seconds' worth of refusals in a row end the session with ERROR.
        await flooder.SendRawAsync(Flood(topic, 100, 200));
        StompFrame? error = null;
        while (error is null)
        {
            var frame = await flooder.ReceiveAsync();
            if (frame.Command == StompCommand.Receipt)
            {
                accepted.Add(int.Parse(frame["receipt-id"]![1..]));
            }
            else if (frame.Command == StompCommand.Error)
            {
                error = frame;
            }
        }

        Assert.Equal("Rate limit exceeded: too many SEND frames.", error["message"]);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await flooder.WaitForCloseAsync());
        Assert.True(accepted.Count < 20 + 2 * PerSecond, $"{accepted.Count} SEND frames were accepted");

        // Exactly the accepted SENDs reached the topic's subscriber, and nothing of the refused ones.
        foreach (var i in accepted)
        {
            Assert.Equal($"flood {i}", StompTestClient.BodyText(await listener.ReceiveMessageAsync("flooded")));
        }

        await listener.AssertNothingPendingAsync();
        await healthy.AssertStillServedAsync();
        Assert.True(recorder.Total("drops", "reason", "rate_limited") >= PerSecond * 5);
        Assert.Equal(1, recorder.Total("connections.closed", "reason", "rate_limited"));
    }

    [Fact]
    public async Task ASenderWithinTheRateIsNeverRefused()
    {
        await using var client = await fixture.ConnectAgentAsync("steady");
        await client.SubscribeAsync("/user/queue/errors", "errors");
        var topic = StompAssert.UniqueTopic("steady");

        // The burst allowance, each confirmed by its RECEIPT: no refusal, no ERROR.
        for (var i = 0; i < 2 * PerSecond; i++)
        {
            await StompAssert.PublishAsync(client, topic, $"m{i}");
        }

        await client.AssertNothingPendingAsync();
    }

    private static string Flood(string topic, int first, int count)
    {
        var flood = new StringBuilder();
        for (var i = first; i < first + count; i++)
        {
            flood.Append($"SEND\ndestination:{topic}\nreceipt:f{i}\ncontent-type:text/plain\n\nflood {i}\0");
        }

        return flood.ToString();
    }

    public sealed class Fixture : BrokerFixture
    {
        protected override IEnumerable<string> Settings => [$"CustomerChat:Limits:SendsPerSecondPerConnection={PerSecond}"];
    }
}
