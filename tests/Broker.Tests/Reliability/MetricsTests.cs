using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Net;
using System.Net.Http.Json;
using CustomerChat.Broker.Observability;
using CustomerChat.Broker.Tests.Identity;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Stomp;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Reliability;

/// <summary>
/// The broker's metrics (issue 7): one <c>System.Diagnostics.Metrics</c> meter named <c>CustomerChat.Broker</c>,
/// readable the way <c>dotnet-counters</c> reads it, and <c>GET /metrics</c> in the Prometheus text format.
/// </summary>
public sealed class MetricsTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task GetMetricsServesThePrometheusTextFormatWithTheBrokersInstruments()
    {
        await using var subscriber = await fixture.ConnectAgentAsync("alice");
        var topic = StompAssert.UniqueTopic("metrics");
        await subscriber.SubscribeAsync(topic, "s");
        await using var publisher = await fixture.ConnectAgentAsync("bob");
        await StompAssert.PublishAsync(publisher, topic, "hello");
        await subscriber.ReceiveMessageAsync("s");
        using (var failed = await fixture.Broker.Http.PostAsync("api/auth/login", JsonContent.Create(new { username = "alice", password = "wrong" })))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var response = await fixture.Broker.Http.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("# TYPE customerchat_broker_connections_open gauge", text);
        Assert.Matches(@"(?m)^customerchat_broker_connections_open [1-9]", text);
        Assert.Matches(@"(?m)^customerchat_broker_sessions_connected [1-9]", text);
        Assert.Matches(@"(?m)^customerchat_broker_frames_received\{command=""SEND""\} [1-9]", text);
        Assert.Matches(@"(?m)^customerchat_broker_frames_received\{command=""CONNECT""\} [1-9]", text);
        Assert.Matches(@"(?m)^customerchat_broker_frames_sent\{command=""MESSAGE""\} [1-9]", text);
        Assert.Matches(@"(?m)^customerchat_broker_frames_sent\{command=""RECEIPT""\} [1-9]", text);
        Assert.Matches(@"(?m)^customerchat_broker_messages_routed\{kind=""topic""\} [1-9]", text);
        Assert.Matches(@"(?m)^customerchat_broker_deliveries [1-9]", text);
        Assert.Matches(@"(?m)^customerchat_broker_auth_failures\{reason=""login_failed""\} [1-9]", text);
        Assert.Matches(@"(?m)^customerchat_broker_outbound_queue_bytes\{aggregate=""max""\} \d", text);
        Assert.Matches(@"(?m)^customerchat_broker_connections_opened [1-9]", text);
    }

    [Fact]
    public async Task TheRedisRoundTripHistogramIsExportedOnceRecorded()
    {
        var metrics = fixture.Broker.Services.GetRequiredService<BrokerMetrics>();
        metrics.RecordRedisRoundTrip("xadd", TimeSpan.FromMilliseconds(2));
        var text = await fixture.Broker.Http.GetStringAsync("metrics");
        Assert.Matches(@"(?m)^customerchat_broker_redis_duration_count\{operation=""xadd""\} [1-9]", text);
        Assert.Contains("customerchat_broker_redis_duration_bucket{operation=\"xadd\",le=\"0.0025\"}", text);
    }

    /// <summary>
    /// dotnet-counters reads meters through the runtime's "System.Diagnostics.Metrics" event source (over EventPipe),
    /// enabling it with <c>Metrics=CustomerChat.Broker</c>. An in-process EventListener can enable the same source
    /// with the same arguments, so this sees what <c>dotnet-counters monitor --counters CustomerChat.Broker</c> shows.
    /// </summary>
    [Fact]
    public async Task TheMeterIsReadableThroughTheEventSourceDotnetCountersUses()
    {
        using var listener = new MetricsEventListener(BrokerMetrics.MeterName);
        await using var client = await fixture.ConnectAgentAsync("carol");
        await client.SubscribeAsync(StompAssert.UniqueTopic("counters"), "s");

        await StompAssert.EventuallyAsync(
            () => listener.Seen.ContainsKey("connections.open") && listener.Seen.ContainsKey("frames.received"),
            TimeSpan.FromSeconds(15),
            $"the event source reports the broker's instruments (seen: {string.Join(", ", listener.Seen.Keys)})");
    }

    private sealed class MetricsEventListener(string meter) : EventListener
    {
        public ConcurrentDictionary<string, string> Seen { get; } = new(StringComparer.Ordinal);

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "System.Diagnostics.Metrics")
            {
                EnableEvents(source, EventLevel.Informational, (EventKeywords)0x3, new Dictionary<string, string?>
                {
                    ["SessionId"] = Guid.NewGuid().ToString("N"),
                    ["Metrics"] = meter,
                    ["RefreshInterval"] = "0.2",
                    ["MaxTimeSeries"] = "1000",
                    ["MaxHistograms"] = "100",
                });
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.PayloadNames is null || e.Payload is null)
            {
                return;
            }

            var meterIndex = e.PayloadNames.IndexOf("meterName");
            var instrumentIndex = e.PayloadNames.IndexOf("instrumentName");
            if (meterIndex >= 0 && instrumentIndex >= 0 && e.Payload[meterIndex] as string == meter && e.EventName!.EndsWith("Published", StringComparison.Ordinal))
            {
                Seen[(string)e.Payload[instrumentIndex]!] = e.EventName;
            }
        }
    }
}
