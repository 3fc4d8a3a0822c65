using CustomerChat.Broker.Integrations.Webhooks;
using CustomerChat.Broker.Tests.Infrastructure;
using static CustomerChat.Broker.Tests.Integrations.IntegrationApi;

namespace CustomerChat.Broker.Tests.Integrations;

/// <summary>
/// Managed webhooks may not reach loopback or private networks unless <c>AllowPrivateAddresses</c>
/// (docs/protocol.md §16 "Addresses"); configured webhooks are trusted. No request is sent to a
/// non-loopback address by these tests: refused URLs are never called, and the one public URL accepted gets no event.
/// </summary>
public sealed class WebhookAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://172.20.0.5/hook")]
    [InlineData("http://192.168.1.10/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://100.64.0.1/hook")]
    [InlineData("http://0.0.0.0/hook")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    public async Task APrivateOrLoopbackUrlIsRefusedWith400UnlessAllowed(string url)
    {
        await using var host = await BrokerHost.StartAsync([.. ApiKeySettings, "CustomerChat:WebhookDelivery:AllowPrivateAddresses=false"]);
        var (status, body, type) = await host.SendAsync(WithKey(HttpMethod.Post, "api/webhooks", ApiKey,
            new { url, secret = "s", events = new[] { WebhookEvents.MessageCreated } }));
        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", type);
        Assert.Equal("Address not allowed", body.GetProperty("title").GetString());
    }

    [Fact]
    public async Task APublicAddressIsAccepted()
    {
        await using var host = await BrokerHost.StartAsync([.. ApiKeySettings, "CustomerChat:WebhookDelivery:AllowPrivateAddresses=false"]);
        // 203.0.113.0/24 is a documentation range; nothing is published, so nothing is sent there.
        var (status, _, _) = await host.SendAsync(WithKey(HttpMethod.Post, "api/webhooks", ApiKey,
            new { url = "https://203.0.113.10/hook", secret = "s", events = new[] { WebhookEvents.MessageCreated } }));
        Assert.Equal(201, status);
    }

    [Fact]
    public async Task OutsideDevelopmentPrivateAddressesAreRefusedByDefault()
    {
        await using var host = await BrokerHost.StartAsync([.. ApiKeySettings, "environment=Production"]);
        var (status, _, _) = await host.SendAsync(WithKey(HttpMethod.Post, "api/webhooks", ApiKey,
            new { url = "http://127.0.0.1:9/hook", secret = "s", events = new[] { WebhookEvents.MessageCreated } }));
        Assert.Equal(400, status);
    }

    [Fact]
    public async Task AConfiguredWebhookOnLoopbackIsTrustedAndDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await BrokerHost.StartAsync([.. ApiKeySettings, "CustomerChat:WebhookDelivery:AllowPrivateAddresses=false",
            .. ConfiguredWebhook(0, receiver.Url, receiver.Secret, WebhookEvents.ConversationCreated)]);
        await host.PublishAsync(WebhookEvents.ConversationCreated, new { id = "cv-1", state = "waiting" });
        var got = await receiver.NextAsync();
        Assert.True(got.SignatureValid);
        Assert.Equal(WebhookEvents.ConversationCreated, got.Event);
    }
}
