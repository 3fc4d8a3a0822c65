using System.Net.WebSockets;
using System.Text;
using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.Tests.Identity;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Stomp;

/// <summary>
/// Frames written straight to the TCP socket (docs/PERFORMANCE.md "Fan-out: straight to the socket"): on plain
/// HTTP/1.1 every connection uses that path, its WebSocket frames are well formed at every header size (RFC 6455 §5.2:
/// 7-, 16- and 64-bit lengths), the pongs the WebSocket itself writes through Kestrel never split one, and with the
/// option off the same traffic goes through the WebSocket.
/// </summary>
public sealed class DirectSocketWriteTests
{
    // Bodies whose MESSAGE frames need each header length: small (2-byte header for the RECEIPTs), 16-bit, and
    // past 65,535 bytes (64-bit), which needs MaxFrameBytes raised above its 64 KiB default.
    private static readonly int[] BodySizes = [10, 300, 5_000, 70_000, 20, 150_000, 65_000, 1];

    [Fact]
    public async Task PongsTheWebSocketWritesThroughKestrelNeverSplitAFrameWrittenStraightToTheSocket()
    {
        await using var broker = await BrokerHost.StartAsync(
            "CustomerChat:Limits:MaxFrameBytes=262144",
            "CustomerChat:Limits:SendsPerSecondPerConnection=100000");
        var registry = broker.Services.GetRequiredService<ConnectionRegistry>();
        var topic = StompAssert.UniqueTopic("direct");

        // The client pings every 5 ms and aborts if a pong is more than 5 s late; each ping is answered by the
        // server's ManagedWebSocket through Kestrel's pipe while the broker's frames go straight to the socket.
        var subscriber = await StompTestClient.OpenAsync(broker.WebSocketUri, configure: options =>
        {
            options.KeepAliveInterval = TimeSpan.FromMilliseconds(5);
            options.KeepAliveTimeout = TimeSpan.FromSeconds(5);
        });
        await using var _ = subscriber;
        var connected = await subscriber.ConnectAsync(TestTokens.Agent("alice"));
        Assert.Equal(StompCommand.Connected, connected.Command);
        await subscriber.SubscribeAsync(topic, "s");
        Assert.True(registry.All.Single(c => c.Context.ConnectionId == connected["session"]).WritesStraightToSocket);

        await using var publisher = await broker.ConnectAsync(TestTokens.Agent("bob"));
        const int rounds = 40;
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < BodySizes.Length; i++)
            {
                await publisher.SendAsync(Message(topic, round, i));
            }
        }

        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < BodySizes.Length; i++)
            {
                var message = await subscriber.ReceiveMessageAsync("s");
                Assert.Equal($"{round}.{i}", message["x-seq"]);
                Assert.Equal(Body(round, i), StompTestClient.BodyText(message));
            }
        }

        // Still open and still answering: a receipt after all of it.
        var receipt = subscriber.NextReceiptId();
        await subscriber.SendAsync(new StompFrame(StompCommand.Unsubscribe).With("id", "s").With("receipt", receipt));
        await subscriber.ExpectReceiptAsync(receipt);
        Assert.False(subscriber.Closed.IsCompleted);
    }

    [Fact]
    public async Task WithDirectSocketWritesOffTheSameFramesGoThroughTheWebSocket()
    {
        await using var broker = await BrokerHost.StartAsync(
            "CustomerChat:Limits:MaxFrameBytes=262144",
            "CustomerChat:Limits:SendsPerSecondPerConnection=100000",
            "CustomerChat:Limits:DirectSocketWrites=false");
        var registry = broker.Services.GetRequiredService<ConnectionRegistry>();
        var topic = StompAssert.UniqueTopic("piped");

        await using var subscriber = await broker.ConnectAsync(TestTokens.Agent("alice"));
        await subscriber.SubscribeAsync(topic, "s");
        await using var publisher = await broker.ConnectAsync(TestTokens.Agent("bob"));
        Assert.All(registry.All, c => Assert.False(c.WritesStraightToSocket));

        for (var i = 0; i < BodySizes.Length; i++)
        {
            await publisher.SendAsync(Message(topic, 0, i));
        }

        for (var i = 0; i < BodySizes.Length; i++)
        {
            var message = await subscriber.ReceiveMessageAsync("s");
            Assert.Equal($"0.{i}", message["x-seq"]);
            Assert.Equal(Body(0, i), StompTestClient.BodyText(message));
        }
    }

    private static StompFrame Message(string topic, int round, int index) =>
        new StompFrame(StompCommand.Send, new StompHeaders(), Encoding.ASCII.GetBytes(Body(round, index)))
            .With("destination", topic)
            .With("content-type", "text/plain")
            .With("x-seq", $"{round}.{index}");

    // Content that differs by round and position, so a frame cut or spliced anywhere shows.
    private static string Body(int round, int index)
    {
        var size = BodySizes[index];
        var builder = new StringBuilder(size);
        for (var k = 0; builder.Length < size; k++)
        {
            builder.Append((char)('a' + ((round + index + k) % 26)));
        }

        return builder.ToString(0, size);
    }
}
