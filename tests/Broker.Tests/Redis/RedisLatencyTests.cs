using System.Diagnostics;
using System.Text.Json;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol;
using Xunit.Abstractions;

namespace CustomerChat.Broker.Tests.Redis;

/// <summary>
/// Measures how long a chat message takes from the customer's SEND to the agent's MESSAGE, one message at
/// a time (unloaded latency): customer on instance A, agent on instance B, through Redis; with the same
/// instance on Redis and in memory for comparison. The figures go to the test output (docs/SCALING.md
/// quotes them); the assertion only guards against something badly wrong.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisLatencyTests(RedisFixture redis, ITestOutputHelper output)
{
    private const int Warmup = 20, Count = 200;

    [Theory]
    [InlineData("redis-cross-instance")]
    [InlineData("redis-same-instance")]
    [InlineData("in-memory")]
    public async Task ChatMessageLatency(string mode)
    {
        const string unlimited = "CustomerChat:Limits:SendsPerSecondPerConnection=100000";
        var prefix = RedisFixture.NewPrefix();
        await using var a = mode == "in-memory" ? await BrokerHost.StartAsync(unlimited) : await redis.StartBrokerAsync(prefix, unlimited);
        await using var b = mode == "redis-cross-instance" ? await redis.StartBrokerAsync(prefix, unlimited) : null;
        await using var agent = await ChatParty.AgentAsync(b ?? a, "bob");
        await using var customer = await ChatParty.CustomerAsync(a);
        var id = (await agent.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString();
        await agent.SendAsync("/chat/claim", new { conversationId = id });

        var samples = new List<double>(Count);
        for (var i = 0; i < Warmup + Count; i++)
        {
            var text = $"latency {i}";
            var frame = new StompFrame(StompCommand.Send, new StompHeaders(), JsonSerializer.SerializeToUtf8Bytes(new { message = text }))
                .With("destination", "/chat/message").With("content-type", "application/json");
            var started = Stopwatch.GetTimestamp();
            await customer.Client.SendAsync(frame);
            await agent.WaitForMessageAsync(text);
            if (i >= Warmup)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        samples.Sort();
        double P(double q) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(q * samples.Count) - 1)];
        output.WriteLine($"{mode}: {Count} messages customer → agent, p50 {P(0.50):0.00} ms, p95 {P(0.95):0.00} ms, p99 {P(0.99):0.00} ms, max {samples[^1]:0.00} ms");
        Assert.True(P(0.95) < 1000, $"p95 {P(0.95):0.0} ms");
    }
}
