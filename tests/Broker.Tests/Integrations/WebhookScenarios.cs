using System.Text.Json;
using CustomerChat.Broker.Integrations.Webhooks;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;
using static CustomerChat.Broker.Tests.Integrations.IntegrationApi;

namespace CustomerChat.Broker.Tests.Integrations;

/// <summary>
/// Webhook management and delivery (docs/protocol.md §16 "Webhooks"), run against the in-memory store and
/// queue and against Redis. The broker runs in Development (demo agents: alice is an admin, bob is not).
/// </summary>
public abstract class WebhookScenarios
{
    /// <summary>Starts a broker with the API key configured and <paramref name="settings"/>.</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync(params string[] settings);

    [Fact]
    public async Task AdminsAndApiKeysManageWebhooksCustomersAndOtherAgentsAreRefused()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await StartBrokerAsync(ConfiguredWebhook(0, receiver.Url, "configured-secret", WebhookEvents.TicketCreated));
        var body = new { url = receiver.Url, secret = "s3cret", events = new[] { WebhookEvents.MessageCreated, WebhookEvents.ConversationClosed } };

        var customer = await host.GuestAsync();
        var bob = await host.LoginAsync("bob");
        var alice = await host.LoginAsync("alice");
        Assert.Equal(403, (await host.SendAsync(WithToken(HttpMethod.Post, "api/webhooks", customer.Token, body))).Status);
        Assert.Equal(403, (await host.SendAsync(WithToken(HttpMethod.Post, "api/webhooks", bob.Token, body))).Status);
        Assert.Equal(403, (await host.SendAsync(WithToken(HttpMethod.Get, "api/webhooks", bob.Token))).Status);
        Assert.Equal(401, (await host.SendAsync(WithToken(HttpMethod.Post, "api/webhooks", null, body))).Status);

        var (status, created, _) = await host.SendAsync(WithToken(HttpMethod.Post, "api/webhooks", alice.Token, body));
        Assert.Equal(201, status);
        var byAdmin = created.GetProperty("id").GetString()!;
        Assert.Equal(receiver.Url, created.GetProperty("url").GetString());
        Assert.Equal([WebhookEvents.MessageCreated, WebhookEvents.ConversationClosed], created.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.False(created.TryGetProperty("secret", out _));
        var byKey = await host.CreateWebhookAsync(receiver.Url, "other", WebhookEvents.TicketUpdated);

        var (listStatus, list, _) = await host.SendAsync(WithKey(HttpMethod.Get, "api/webhooks", ApiKey));
        Assert.Equal(200, listStatus);
        var ids = list.EnumerateArray().Select(w => w.GetProperty("id").GetString()).ToList();
        Assert.Equal(3, ids.Count);
        var configured = list.EnumerateArray().Single(w => w.GetProperty("configured").GetBoolean()).GetProperty("id").GetString()!;
        Assert.Contains(byAdmin, ids);
        Assert.Contains(byKey, ids);
        Assert.DoesNotContain("secret", list.GetRawText(), StringComparison.OrdinalIgnoreCase);

        Assert.Equal(403, (await host.SendAsync(WithToken(HttpMethod.Delete, $"api/webhooks/{byAdmin}", customer.Token))).Status);
        Assert.Equal(409, (await host.SendAsync(WithKey(HttpMethod.Delete, $"api/webhooks/{configured}", ApiKey))).Status);
        Assert.Equal(204, (await host.SendAsync(WithKey(HttpMethod.Delete, $"api/webhooks/{byAdmin}", ApiKey))).Status);
        Assert.Equal(404, (await host.SendAsync(WithToken(HttpMethod.Delete, $"api/webhooks/{byAdmin}", alice.Token))).Status);
        Assert.Equal(404, (await host.SendAsync(WithKey(HttpMethod.Get, $"api/webhooks/{byAdmin}/deliveries", ApiKey))).Status);
        Assert.Equal(403, (await host.SendAsync(WithToken(HttpMethod.Get, $"api/webhooks/{byKey}/deliveries", bob.Token))).Status);
        Assert.Equal(0, (await host.DeliveriesAsync(byKey)).GetArrayLength());
        Assert.Equal(2, (await host.SendAsync(WithKey(HttpMethod.Get, "api/webhooks", ApiKey))).Body.GetArrayLength());
    }

    [Theory]
    [InlineData("ftp://example.test/hook", "s", "message.created")]
    [InlineData("not a url", "s", "message.created")]
    [InlineData("http://user:pw@127.0.0.1/hook", "s", "message.created")]
    [InlineData("http://127.0.0.1/hook", "", "message.created")]
    [InlineData("http://127.0.0.1/hook", "s", "message.deleted")]
    [InlineData("http://127.0.0.1/hook", "s", null)]
    public async Task AnInvalidWebhookIs400Problem(string url, string secret, string? eventType)
    {
        await using var host = await StartBrokerAsync();
        var events = eventType is null ? Array.Empty<string>() : [eventType];
        var (status, body, type) = await host.SendAsync(WithKey(HttpMethod.Post, "api/webhooks", ApiKey, new { url, secret, events }));
        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", type);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task DeliveriesAreSignedAndRetriedWithTheSameIdAndGrowingDelaysThenLogged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (request, _) => Task.FromResult(request.Attempt < 3 ? 500 : 200);
        await using var host = await StartBrokerAsync("CustomerChat:WebhookDelivery:MaxAttempts=3");
        var webhook = await host.CreateWebhookAsync(receiver.Url, receiver.Secret, WebhookEvents.MessageCreated);

        await host.PublishAsync(WebhookEvents.MessageCreated, new { id = "1700000000000-0", conversationId = "cv-1", message = "héllo" });
        var first = await receiver.NextAsync();
        var second = await receiver.NextAsync();
        var third = await receiver.NextAsync();

        foreach (var request in new[] { first, second, third })
        {
            Assert.True(request.SignatureValid, $"signature {request.Signature} over {request.Timestamp}.{request.Body}");
            Assert.Equal(WebhookEvents.MessageCreated, request.Event);
            Assert.Equal(first.DeliveryId, request.DeliveryId);
            using var json = JsonDocument.Parse(request.Body);
            Assert.Equal(first.DeliveryId, json.RootElement.GetProperty("id").GetString());
            Assert.Equal(WebhookEvents.MessageCreated, json.RootElement.GetProperty("type").GetString());
            Assert.True(json.RootElement.TryGetProperty("createdAt", out _));
            Assert.Equal("héllo", json.RootElement.GetProperty("data").GetProperty("message").GetString());
        }

        Assert.Equal(first.Body, third.Body);
        Assert.StartsWith("evt_", first.DeliveryId);
        var gap1 = second.Since(first);
        var gap2 = third.Since(second);
        Assert.InRange(gap1, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
        Assert.InRange(gap2, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(6));
        Assert.True(gap2 > gap1, $"gaps {gap1} then {gap2}");

        // The log has all three attempts, newest first (the last is recorded just after the receiver answered).
        var log = await WaitForLogAsync(host, webhook, 3);
        var summary = string.Join(",", log.EnumerateArray().Select(a =>
            $"{a.GetProperty("attempt").GetInt32()}:{a.GetProperty("statusCode")}:{a.GetProperty("willRetry").GetBoolean()}"));
        Assert.Equal("3:200:False,2:500:True,1:500:True", summary);
        Assert.All(log.EnumerateArray(), a => Assert.Equal(first.DeliveryId, a.GetProperty("deliveryId").GetString()));
        Assert.All(log.EnumerateArray(), a => Assert.Equal(WebhookEvents.MessageCreated, a.GetProperty("event").GetString()));
    }

    [Fact]
    public async Task ATimedOutAttemptIsRetriedAndLoggedAsTimeout()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = async (request, aborted) =>
        {
            if (request.Attempt == 1)
            {
                await Task.Delay(Timeout.Infinite, aborted); // no answer: the broker's per-attempt timeout ends it
            }

            return 204;
        };
        await using var host = await StartBrokerAsync("CustomerChat:WebhookDelivery:Timeout=00:00:01");
        var webhook = await host.CreateWebhookAsync(receiver.Url, receiver.Secret, WebhookEvents.ConversationClosed);
        await host.PublishAsync(WebhookEvents.ConversationClosed, new { id = "cv-9", state = "closed" });

        var first = await receiver.NextAsync();
        var second = await receiver.NextAsync();
        Assert.Equal(first.DeliveryId, second.DeliveryId);
        Assert.InRange(second.Since(first), TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(6)); // 1 s timeout + 1 s delay
        var log = await WaitForLogAsync(host, webhook, 2);
        Assert.Equal(204, log[0].GetProperty("statusCode").GetInt32());
        Assert.Equal("timeout", log[1].GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, log[1].GetProperty("statusCode").ValueKind);
    }

    [Fact]
    public async Task ADeadEndpointDoesNotDelayAHealthyOne()
    {
        await using var dead = await WebhookReceiver.StartAsync();
        dead.Respond = async (_, aborted) =>
        {
            await Task.Delay(Timeout.Infinite, aborted);
            return 200;
        };
        await using var healthy = await WebhookReceiver.StartAsync();
        await using var host = await StartBrokerAsync("CustomerChat:WebhookDelivery:Timeout=00:00:10", "CustomerChat:WebhookDelivery:WorkersPerEndpoint=2");
        await host.CreateWebhookAsync(dead.Url, dead.Secret, WebhookEvents.MessageCreated);
        await host.CreateWebhookAsync(healthy.Url, healthy.Secret, WebhookEvents.MessageCreated);

        var start = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < 20; i++)
        {
            await host.PublishAsync(WebhookEvents.MessageCreated, new { n = i });
        }

        await healthy.WaitForCountAsync(20, _ => true, TimeSpan.FromSeconds(8));
        var elapsed = TimeProvider.System.GetElapsedTime(start);
        Assert.True(elapsed < TimeSpan.FromSeconds(8), $"the healthy endpoint took {elapsed}");
        Assert.Equal(20, healthy.All.Select(r => r.DeliveryId).Distinct().Count());
        Assert.All(healthy.All, r => Assert.True(r.SignatureValid));
        // The dead one holds its two workers' attempts, still unanswered (its 10 s timeout has not passed).
        await dead.WaitForCountAsync(2, _ => true);
        Assert.True(dead.All.Count <= 2, $"{dead.All.Count} attempts reached the dead endpoint");
    }

    [Fact]
    public async Task AnEventGoesOnlyToWebhooksThatWantItsType()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await StartBrokerAsync();
        await host.CreateWebhookAsync(receiver.Url, receiver.Secret, WebhookEvents.TicketCreated);
        await host.PublishAsync(WebhookEvents.TicketUpdated, new { id = "t-1" });
        await host.PublishAsync(WebhookEvents.TicketCreated, new { id = "t-2" });
        var got = await receiver.NextAsync();
        Assert.Equal(WebhookEvents.TicketCreated, got.Event);
        Assert.Single(receiver.All);
    }

    private static async Task<JsonElement> WaitForLogAsync(BrokerHost host, string webhookId, int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var log = await host.DeliveriesAsync(webhookId);
            if (log.GetArrayLength() >= count)
            {
                return log;
            }

            await Task.Delay(50, cts.Token); // polling the HTTP log, bounded by the token
        }
    }
}

/// <summary>The webhook scenarios on one in-memory broker.</summary>
public sealed class InMemoryWebhookScenarios : WebhookScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => BrokerHost.StartAsync([.. ApiKeySettings, .. settings]);
}

/// <summary>The webhook scenarios on a broker backed by a real redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisWebhookScenarios(RedisFixture redis) : WebhookScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => redis.StartBrokerAsync([.. ApiKeySettings, .. settings]);
}
