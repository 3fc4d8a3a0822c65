using System.Net.Http.Headers;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Tests.Infrastructure;
using static CustomerChat.Broker.Tests.Integrations.IntegrationApi;

namespace CustomerChat.Broker.Tests.Integrations;

/// <summary>API keys (docs/protocol.md §16 "API keys"): <c>X-Api-Key</c> authenticates an integration; a wrong or missing credential is 401.</summary>
public sealed class ApiKeyTests
{
    [Fact]
    public async Task AConfiguredApiKeyIsAcceptedAndNamesTheIntegration()
    {
        await using var host = await BrokerHost.StartAsync(ApiKeySettings);
        var (status, body, _) = await host.SendAsync(WithKey(HttpMethod.Get, "api/webhooks", ApiKey));
        Assert.Equal(200, status);
        Assert.Equal(0, body.GetArrayLength());

        var identity = host.Services.GetRequiredService<ApiKeyDirectory>().Verify(ApiKey);
        Assert.Equal(new ApiKeyIdentity(ApiKeyName), identity);
        // The second check is answered from the cache (same identity instance).
        Assert.Same(identity, host.Services.GetRequiredService<ApiKeyDirectory>().Verify(ApiKey));
    }

    [Fact]
    public async Task AWrongApiKeyIs401ProblemEvenBesideAValidAdminToken()
    {
        await using var host = await BrokerHost.StartAsync(ApiKeySettings);
        var (status, body, type) = await host.SendAsync(WithKey(HttpMethod.Get, "api/webhooks", ApiKey + "x"));
        Assert.Equal(401, status);
        Assert.Equal("application/problem+json", type);
        Assert.Equal(401, body.GetProperty("status").GetInt32());

        var admin = await host.LoginAsync("alice");
        var request = WithKey(HttpMethod.Get, "api/webhooks", "not-a-key");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin.Token);
        Assert.Equal(401, (await host.SendAsync(request)).Status);
    }

    [Fact]
    public async Task AMissingCredentialIs401AndAKeyIsWrongWhenNoneIsConfigured()
    {
        await using var host = await BrokerHost.StartAsync();
        var (status, _, type) = await host.SendAsync(WithToken(HttpMethod.Get, "api/webhooks", null));
        Assert.Equal(401, status);
        Assert.Equal("application/problem+json", type);
        Assert.Equal(401, (await host.SendAsync(WithKey(HttpMethod.Get, "api/webhooks", ApiKey))).Status);
        Assert.Equal(401, (await host.SendAsync(WithToken(HttpMethod.Get, "api/webhooks", "garbage"))).Status);
    }
}
