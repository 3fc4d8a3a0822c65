using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Stomp;

public sealed class SmokeTests
{
    [Fact]
    public async Task AgentPublishesToTopicAndSubscriberReceivesIt()
    {
        await using var broker = await BrokerHost.StartAsync();
        var (subscriber, _) = await broker.ConnectAgentAsync("alice");
        var (publisher, _) = await broker.ConnectAgentAsync("bob");
        await subscriber.SubscribeAsync("/topic/news", "sub-1");
        await publisher.SendTextAsync("/topic/news", "hello");
        var message = await subscriber.ReceiveMessageAsync("sub-1");
        Assert.Equal("hello", StompTestClient.BodyText(message));
        Assert.Equal("/topic/news", message["destination"]);
        Assert.NotNull(message["message-id"]);
        Assert.Equal("5", message["content-length"]);
    }
}
