using System.Net.WebSockets;
using System.Text;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Stomp;

/// <summary>
/// A text WebSocket message must be UTF-8 (RFC 6455 §8.1): one that is not fails the WebSocket with close
/// status 1007 (invalid payload data) — a STOMP ERROR cannot follow a close — and nothing else is affected.
/// Binary bodies belong in binary WebSocket messages.
/// </summary>
public sealed class InvalidUtf8Tests
{
    [Fact]
    public async Task ATextMessageThatIsNotUtf8FailsTheWebSocketWhileAnotherConnectionGoesOn()
    {
        await using var broker = await BrokerHost.StartAsync();
        var (healthy, _) = await broker.ConnectAgentAsync("bob");
        await using var _h = healthy;
        await healthy.SubscribeAsync("/topic/utf", "h");
        var (client, _) = await broker.ConnectAgentAsync("alice");
        await using var _c = client;

        var head = Encoding.UTF8.GetBytes("SEND\ndestination:/topic/utf\nreceipt:r1\n\n");
        byte[] frame = [.. head, 0xFF, 0xFE, 0x41, 0];
        await client.SendRawAsync(frame, WebSocketMessageType.Text);
        var status = await client.WaitForCloseAsync();
        Assert.True(status is null or WebSocketCloseStatus.InvalidPayloadData, $"Closed with {status}");

        // The same bytes in a binary message are a valid frame; the other connection is still served.
        var (sender, _) = await broker.ConnectAgentAsync("alice");
        await using var _s = sender;
        await sender.SendRawAsync(frame, WebSocketMessageType.Binary);
        var message = await healthy.ReceiveMessageAsync("h");
        Assert.Equal(new byte[] { 0xFF, 0xFE, 0x41 }, message.Body.ToArray());
    }
}
