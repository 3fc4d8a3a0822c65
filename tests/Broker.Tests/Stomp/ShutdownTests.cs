using System.Net.WebSockets;
using CustomerChat.Broker.Tests.Identity;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Stomp;

/// <summary>Graceful shutdown (issue 7): connected clients are told, then closed normally.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task StoppingTheBrokerSendsErrorServerShuttingDownAndANormalClose()
    {
        var broker = await BrokerHost.StartAsync();
        var stopped = false;
        try
        {
            await using var agent = await broker.ConnectAsync(TestTokens.Agent());
            await agent.SubscribeAsync(StompAssert.UniqueTopic(), "s");
            await using var customer = await broker.ConnectAsync(TestTokens.Customer());

            var stopping = broker.DisposeAsync().AsTask();
            stopped = true;

            foreach (var client in new[] { agent, customer })
            {
                var error = await client.ExpectErrorAsync();
                Assert.Equal("server shutting down", error["message"]);
                Assert.Equal(WebSocketCloseStatus.NormalClosure, await client.WaitForCloseAsync());
                await client.DisposeAsync();
            }

            await stopping.WaitAsync(TimeSpan.FromSeconds(15));
        }
        finally
        {
            if (!stopped)
            {
                await broker.DisposeAsync();
            }
        }
    }
}
