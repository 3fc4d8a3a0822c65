using System.Diagnostics;
using CustomerChat.Broker.Integrations.Webhooks;
using CustomerChat.Broker.Observability;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Reliability;
using CustomerChat.Broker.Tests.Stomp;
using CustomerChat.Broker.Tests.Redis;
using Xunit.Abstractions;
using static CustomerChat.Broker.Tests.Integrations.IntegrationApi;

namespace CustomerChat.Broker.Tests.Integrations;

/// <summary>
/// A webhook receiver that stops answering never delays the chat (docs/protocol.md §16 "Delivery": the chat only puts
/// the event in the intake queue; the endpoint has its own bounded queue and workers). The same customer → agent
/// message round trip is measured while the receiver answers at once and while it hangs with every worker of its
/// endpoint held and its queue overflowing; the figures go to the test output. Run in memory and on Redis.
/// </summary>
public abstract class HangingReceiverScenarios(ITestOutputHelper output)
{
    private const int Workers = 2, Count = 40;

    /// <summary>Starts a broker with <paramref name="settings"/>.</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync(params string[] settings);

    [Fact]
    public async Task ChatLatencyIsUnaffectedWhileTheWebhookReceiverHangs()
    {
        var hang = false;
        var hung = 0;
        var allHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = async (_, aborted) =>
        {
            if (!Volatile.Read(ref hang))
            {
                return 200;
            }

            if (Interlocked.Increment(ref hung) >= Workers)
            {
                allHeld.TrySetResult();
            }

            await Task.Delay(Timeout.Infinite, aborted); // never answers; the broker's 60 s timeout is far beyond the test
            return 200;
        };
        await using var broker = await StartBrokerAsync([
            .. ConfiguredWebhook(0, receiver.Url, receiver.Secret, WebhookEvents.MessageCreated, WebhookEvents.ConversationCreated, WebhookEvents.ConversationAssigned),
            "CustomerChat:WebhookDelivery:Timeout=00:01:00", $"CustomerChat:WebhookDelivery:WorkersPerEndpoint={Workers}",
            "CustomerChat:WebhookDelivery:QueueCapacity=16", "CustomerChat:Limits:SendsPerSecondPerConnection=1000"]);
        await using var agent = await ChatParty.AgentAsync(broker, "bob");
        await using var customer = await ChatParty.CustomerAsync(broker);
        var id = (await agent.WaitForAsync(ChatParty.Support, "conversation.waiting")).GetProperty("conversation").GetProperty("id").GetString();
        await agent.SendAsync("/chat/claim", new { conversationId = id });
        await customer.WaitForAsync(ChatParty.Events, "conversation.state", e => e.GetProperty("conversation").GetProperty("state").GetString() == "active");

        using var recorder = new MetricsRecorder(broker.Services.GetRequiredService<BrokerMetrics>());
        var healthy = await MeasureAsync(customer, agent, "healthy");

        // Every event of the healthy phase has arrived, or was dropped because the endpoint's small queue was full
        // (a busy machine slows the receiver too): only then may the receiver start hanging.
        await StompAssert.EventuallyAsync(
            () => receiver.All.Count(r => r.Event == WebhookEvents.MessageCreated) + recorder.Total("webhooks.dropped", "reason", "lane_full") >= Count,
            TimeSpan.FromSeconds(30), "the healthy phase's webhooks delivered or dropped");

        Volatile.Write(ref hang, true);
        await customer.SendAsync("/chat/message", new { message = "the receiver hangs from here" });
        await customer.SendAsync("/chat/message", new { message = "and holds every worker" });
        await allHeld.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var hanging = await MeasureAsync(customer, agent, "hanging");

        output.WriteLine($"customer → agent, {Count} messages each: receiver answering {Describe(healthy)}; receiver hanging {Describe(hanging)}");
        Assert.Equal(Workers, Volatile.Read(ref hung)); // the whole time, only the held attempts reached the receiver
        Assert.True(hanging[^1] < 2_000, $"the slowest message took {hanging[^1]:0} ms while the receiver hung");
        Assert.True(Median(hanging) <= 4 * Median(healthy) + 25,
            $"median {Median(hanging):0.0} ms while the receiver hung against {Median(healthy):0.0} ms while it answered");
    }

    private static async Task<double[]> MeasureAsync(ChatParty customer, ChatParty agent, string phase)
    {
        var samples = new double[Count];
        for (var i = 0; i < Count; i++)
        {
            var text = $"{phase} {i}";
            var started = Stopwatch.GetTimestamp();
            await customer.SendAsync("/chat/message", new { message = text });
            await agent.WaitForMessageAsync(text, TimeSpan.FromSeconds(10));
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(samples);
        return samples;
    }

    private static double Median(double[] sorted) => sorted[sorted.Length / 2];

    private static string Describe(double[] sorted) =>
        $"p50 {Median(sorted):0.0} ms, p90 {sorted[(int)(sorted.Length * 0.9)]:0.0} ms, max {sorted[^1]:0.0} ms";
}

/// <summary><see cref="HangingReceiverScenarios"/> in memory (attempts past the endpoint's queue are dropped).</summary>
public sealed class InMemoryHangingReceiverScenarios(ITestOutputHelper output) : HangingReceiverScenarios(output)
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => BrokerHost.StartAsync(settings);
}

/// <summary><see cref="HangingReceiverScenarios"/> on Redis (attempts past the endpoint's queue are deferred in Redis).</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisHangingReceiverScenarios(RedisFixture redis, ITestOutputHelper output) : HangingReceiverScenarios(output)
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => redis.StartBrokerAsync(settings);
}
