using CustomerChat.Broker.Integrations.Webhooks;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;
using static CustomerChat.Broker.Tests.Integrations.IntegrationApi;

namespace CustomerChat.Broker.Tests.Integrations;

/// <summary>
/// Webhooks across broker instances on one real redis-server (docs/protocol.md §16 "Delivery"): each attempt
/// is made by one instance, and pending attempts survive a broker restart.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisWebhookTests(RedisFixture redis)
{
    [Fact]
    public async Task TwoInstancesMakeEachAttemptExactlyOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (request, _) => Task.FromResult(request.Attempt == 1 ? 500 : 200);
        var prefix = RedisFixture.NewPrefix();
        await using var a = await redis.StartBrokerAsync(prefix, ApiKeySettings);
        await using var b = await redis.StartBrokerAsync(prefix, ApiKeySettings);
        await a.CreateWebhookAsync(receiver.Url, receiver.Secret, WebhookEvents.MessageCreated);

        for (var i = 0; i < 10; i++)
        {
            await a.PublishAsync(WebhookEvents.MessageCreated, new { from = "a", n = i });
            await b.PublishAsync(WebhookEvents.MessageCreated, new { from = "b", n = i });
        }

        // Every event: a 500, then one retry that succeeds; 40 requests in all.
        await receiver.WaitForCountAsync(40, _ => true);

        // A later event that must arrive twice too: by then a duplicate of an earlier attempt would have come.
        await b.PublishAsync(WebhookEvents.MessageCreated, new { from = "b", n = "last" });
        await receiver.WaitForCountAsync(2, r => r.Body.Contains("\"last\"", StringComparison.Ordinal));

        var byId = receiver.All.GroupBy(r => r.DeliveryId).ToList();
        Assert.Equal(21, byId.Count);
        Assert.All(byId, g => Assert.Equal([1, 2], g.Select(r => r.Attempt).Order()));
        Assert.Equal(42, receiver.All.Count);
        Assert.All(receiver.All, r => Assert.True(r.SignatureValid));
    }

    [Fact]
    public async Task AnAttemptInFlightWhenTheBrokerStopsIsMadeByTheNextBroker()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var hang = true;
        receiver.Respond = async (_, aborted) =>
        {
            if (Volatile.Read(ref hang))
            {
                await Task.Delay(Timeout.Infinite, aborted);
            }

            return 200;
        };
        var prefix = RedisFixture.NewPrefix();
        string[] settings = [.. ApiKeySettings, "CustomerChat:WebhookDelivery:ClaimIdleTime=00:00:02"];
        var first = await redis.StartBrokerAsync(prefix, settings);
        ReceivedWebhook taken;
        try
        {
            await first.CreateWebhookAsync(receiver.Url, receiver.Secret, WebhookEvents.ConversationAssigned);
            await first.PublishAsync(WebhookEvents.ConversationAssigned, new { id = "cv-7", agentId = "bob" });
            taken = await receiver.NextAsync(); // the first broker is waiting for the answer
        }
        finally
        {
            await first.DisposeAsync();
        }

        Volatile.Write(ref hang, false);
        await using var second = await redis.StartBrokerAsync(prefix, settings);
        var again = await receiver.NextAsync(r => r.DeliveryId == taken.DeliveryId);
        Assert.Equal(taken.Body, again.Body);
        Assert.True(again.SignatureValid);
    }

    [Fact]
    public async Task ARetryScheduledBeforeTheBrokerStopsIsMadeByTheNextBroker()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (request, _) => Task.FromResult(request.Attempt == 1 ? 503 : 200);
        var prefix = RedisFixture.NewPrefix();
        string[] settings = [.. ApiKeySettings, "CustomerChat:WebhookDelivery:RetryBaseDelay=00:00:03"];
        var first = await redis.StartBrokerAsync(prefix, settings);
        ReceivedWebhook failed;
        string webhook;
        try
        {
            webhook = await first.CreateWebhookAsync(receiver.Url, receiver.Secret, WebhookEvents.TicketUpdated);
            await first.PublishAsync(WebhookEvents.TicketUpdated, new { id = "t-1", status = "resolved" });
            failed = await receiver.NextAsync();
            // The failed attempt is logged once its retry is scheduled.
            await WaitUntilAsync(async () => (await first.DeliveriesAsync(webhook)).GetArrayLength() == 1);
        }
        finally
        {
            await first.DisposeAsync(); // before the retry is due (3 s)
        }

        await using var second = await redis.StartBrokerAsync(prefix, settings);
        var retried = await receiver.NextAsync(r => r.DeliveryId == failed.DeliveryId);
        Assert.Equal(2, retried.Attempt);
        Assert.Equal(failed.Body, retried.Body);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            await Task.Delay(50, cts.Token); // polling an HTTP read model, bounded by the token
        }
    }
}
