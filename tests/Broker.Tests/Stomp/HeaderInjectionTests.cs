using System.Text;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Stomp;

public sealed class HeaderInjectionTests
{
    [Fact]
    public async Task HeaderWithAnEscapedNewlineCannotInjectHeadersIntoAStomp10Subscriber()
    {
        await using var broker = await BrokerHost.StartAsync();
        var subscriberToken = await broker.LoginAsync("alice");
        await using var subscriber = await broker.ConnectAsync(subscriberToken.Token, acceptVersion: "1.0");
        var (publisher, _) = await broker.ConnectAgentAsync("bob");
        await using var _ = publisher;
        await subscriber.SendAsync(new StompFrame(StompCommand.Subscribe).With("destination", "/topic/inject").With("id", "s").With("receipt", "r"), StompVersion.V1_0);
        await subscriber.ExpectReceiptAsync("r");

        var send = new StompFrame(StompCommand.Send, new StompHeaders(), Encoding.UTF8.GetBytes("body"))
            .With("destination", "/topic/inject")
            .With("x-note", "line1\nforged:yes")
            .With("x-ok", "fine");
        await publisher.SendAsync(send);

        var message = await subscriber.ReceiveMessageAsync("s");
        Assert.Null(message["forged"]);
        Assert.Null(message["x-note"]);
        Assert.Equal("fine", message["x-ok"]);
        Assert.Equal("body", StompTestClient.BodyText(message));
    }
}
