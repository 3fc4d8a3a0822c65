using System.Net.WebSockets;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Stomp;

/// <summary>Random bytes from one client end that client's session and nobody else's (docs/protocol.md §2, issue 7).</summary>
public sealed class GarbageInputTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task RandomBinaryFromAConnectedClientGetsErrorAndCloseWhileOthersKeepReceiving(int seed)
    {
        await using var healthy = await HealthyPair.StartAsync(fixture);
        await using var bad = await fixture.ConnectAgentAsync();
        var garbage = new byte[4096];
        new Random(seed).NextBytes(garbage);

        // A leading byte that is not a heart-beat EOL and a line break soon after, so the bytes are a
        // (bad) command line and not merely the start of a frame still to come.
        garbage[0] = (byte)'Q';
        garbage[10] = (byte)'\n';
        await bad.SendRawAsync(garbage, WebSocketMessageType.Binary);
        await StompAssert.ErrorThenCloseAsync(bad);
        await healthy.AssertStillServedAsync();
    }

    [Fact]
    public async Task RandomBytesBeforeConnectGetErrorAndClose()
    {
        await using var healthy = await HealthyPair.StartAsync(fixture);
        await using var bad = await StompTestClient.OpenAsync(fixture.Broker.WebSocketUri);
        var garbage = new byte[2048];
        new Random(99).NextBytes(garbage);
        garbage[0] = 0xFF;
        garbage[1] = (byte)'\n';
        await bad.SendRawAsync(garbage, WebSocketMessageType.Binary);
        await StompAssert.ErrorThenCloseAsync(bad);
        await healthy.AssertStillServedAsync();
    }

    [Fact]
    public async Task ALongLineWithoutLineBreakIsRefusedAsTooLongRatherThanBuffered()
    {
        await using var healthy = await HealthyPair.StartAsync(fixture);
        await using var bad = await fixture.ConnectAgentAsync();
        var garbage = new byte[16 * 1024];
        new Random(7).NextBytes(garbage);
        for (var i = 0; i < garbage.Length; i++)
        {
            if (garbage[i] is (byte)'\n' or (byte)'\r' or 0)
            {
                garbage[i] = (byte)'x';
            }
        }

        await bad.SendRawAsync(garbage, WebSocketMessageType.Binary);
        var error = await StompAssert.ErrorThenCloseAsync(bad);
        Assert.Contains("limit", error["message"]);
        await healthy.AssertStillServedAsync();
    }

    [Fact]
    public async Task AbruptlyAbortedClientDoesNotDisturbOthers()
    {
        await using var healthy = await HealthyPair.StartAsync(fixture);
        var topic = StompAssert.UniqueTopic("aborted");
        var registry = fixture.Broker.Services.GetRequiredService<CustomerChat.Broker.Stomp.SubscriptionRegistry>();
        var gone = await fixture.ConnectAgentAsync();
        await gone.SubscribeAsync(topic, "s");
        await gone.SendRawAsync("SEND\ndestination:" + topic + "\ncontent-length:100\n\nhalf a fr");
        gone.Abort();
        await gone.DisposeAsync();
        await StompAssert.EventuallyAsync(() => !registry.HasSubscribers(topic), TimeSpan.FromSeconds(10), "the aborted connection's subscription is removed");
        await healthy.AssertStillServedAsync();
    }
}
