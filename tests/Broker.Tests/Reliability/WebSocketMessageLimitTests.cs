using System.Net.WebSockets;
using System.Text;
using CustomerChat.Broker.Tests.Identity;
using CustomerChat.Broker.Tests.Stomp;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Reliability;

/// <summary>
/// <c>Limits:MaxWebSocketMessageBytes</c> (issue 7): a WebSocket message is counted while it is read, across its
/// fragments, and past the limit the client gets ERROR naming the limit and a close with status 1009 (message
/// too big), before more of it is taken in. Frame limits are separate (Stomp/MalformedFrameTests).
/// </summary>
public sealed class WebSocketMessageLimitTests(WebSocketMessageLimitTests.Fixture fixture) : IClassFixture<WebSocketMessageLimitTests.Fixture>
{
    private const int MaxFrameBytes = 4096;
    private const int MaxMessageBytes = 8192;

    [Fact]
    public async Task AWebSocketMessageOverTheLimitGetsErrorAndClose1009WhileAnotherConnectionGoesOn()
    {
        await using var healthy = await HealthyPair.StartAsync(fixture);
        await using var bad = await RawStompSocket.OpenAsync(fixture.Broker.WebSocketUri);
        Assert.Equal(StompCommand.Connected, (await bad.ConnectAsync(TestTokens.Agent("mallory"))).Command);

        // Heart-beat EOLs only: every frame limit holds, only the message is too big.
        await bad.SendAsync(Encoding.ASCII.GetBytes(new string('\n', MaxMessageBytes * 3)), endOfMessage: true);

        var (frames, status) = await bad.ReadUntilCloseAsync();
        var error = Assert.Single(frames, f => f.Command == StompCommand.Error);
        Assert.Equal($"WebSocket message too large: the limit is {MaxMessageBytes} bytes.", error["message"]);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
        await healthy.AssertStillServedAsync();
    }

    [Fact]
    public async Task TheLimitCountsEveryFragmentOfOneMessage()
    {
        await using var healthy = await HealthyPair.StartAsync(fixture);
        await using var bad = await RawStompSocket.OpenAsync(fixture.Broker.WebSocketUri);
        Assert.Equal(StompCommand.Connected, (await bad.ConnectAsync(TestTokens.Agent("mallory"))).Command);

        // Small fragments of one message, each harmless on its own; the server must stop at the limit and not wait
        // for the end of the message. The server's close can interrupt our sending: that is the point.
        var fragment = Encoding.ASCII.GetBytes(new string('\n', 1000));
        try
        {
            for (var sent = 0; sent < MaxMessageBytes * 4; sent += fragment.Length)
            {
                await bad.SendAsync(fragment, endOfMessage: false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
        {
        }

        var (frames, status) = await bad.ReadUntilCloseAsync();
        Assert.Contains(frames, f => f.Command == StompCommand.Error && f["message"]!.Contains($"the limit is {MaxMessageBytes} bytes", StringComparison.Ordinal));
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
        await healthy.AssertStillServedAsync();
    }

    [Fact]
    public async Task AMessageOfExactlyTheLimitIsServedAndTheCountStartsAgainWithTheNextMessage()
    {
        await using var client = await RawStompSocket.OpenAsync(fixture.Broker.WebSocketUri);
        Assert.Equal(StompCommand.Connected, (await client.ConnectAsync(TestTokens.Agent("carol"))).Command);

        for (var round = 0; round < 3; round++)
        {
            var frame = Encoding.ASCII.GetBytes($"BEGIN\ntransaction:t{round}\nreceipt:r{round}\n\n\0");
            var message = new byte[MaxMessageBytes];
            Array.Fill(message, (byte)'\n');
            frame.CopyTo(message, MaxMessageBytes - frame.Length);
            await client.SendAsync(message, endOfMessage: true);

            var receipt = await client.ReadFrameAsync();
            Assert.Equal(StompCommand.Receipt, receipt.Command);
            Assert.Equal($"r{round}", receipt["receipt-id"]);
        }
    }

    [Fact]
    public async Task ByDefaultTheLimitIsTwiceMaxFrameBytes()
    {
        await using var broker = await Infrastructure.BrokerHost.StartAsync("CustomerChat:Limits:MaxFrameBytes=2048");
        await using var client = await RawStompSocket.OpenAsync(broker.WebSocketUri);
        Assert.Equal(StompCommand.Connected, (await client.ConnectAsync(TestTokens.Agent("carol"))).Command);

        var within = new byte[4096];
        Array.Fill(within, (byte)'\n');
        await client.SendAsync(within, endOfMessage: true);
        await client.SendFrameAsync(new StompFrame(StompCommand.Begin).With("transaction", "t").With("receipt", "ok"));
        Assert.Equal("ok", (await client.ReadFrameAsync())["receipt-id"]);

        var over = new byte[4097];
        Array.Fill(over, (byte)'\n');
        await client.SendAsync(over, endOfMessage: true);
        var (frames, status) = await client.ReadUntilCloseAsync();
        Assert.Contains(frames, f => f.Command == StompCommand.Error && f["message"] == "WebSocket message too large: the limit is 4096 bytes.");
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
    }

    public sealed class Fixture : BrokerFixture
    {
        protected override IEnumerable<string> Settings =>
        [
            $"CustomerChat:Limits:MaxFrameBytes={MaxFrameBytes}",
            $"CustomerChat:Limits:MaxWebSocketMessageBytes={MaxMessageBytes}",
        ];
    }
}
