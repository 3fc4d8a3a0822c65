using System.Text.Json;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Integrations;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and the reference at <c>/docs</c> (docs/protocol.md §16 "OpenAPI").</summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task TheDocumentIsOpenApi3WithTheWebhookPathsAndBothSecuritySchemes()
    {
        await using var host = await BrokerHost.StartAsync();
        using var response = await host.Http.GetAsync("openapi/v1.json");
        Assert.Equal(200, (int)response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString());

        var paths = root.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/webhooks").TryGetProperty("post", out var create));
        Assert.True(paths.GetProperty("/api/webhooks").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/webhooks/{id}").TryGetProperty("delete", out _));
        Assert.True(paths.GetProperty("/api/webhooks/{id}/deliveries").TryGetProperty("get", out _));
        Assert.Equal("CreateWebhook", create.GetProperty("operationId").GetString());
        Assert.True(create.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(create.GetProperty("responses").TryGetProperty("403", out _));

        var schemes = root.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("http", schemes.GetProperty("Bearer").GetProperty("type").GetString());
        Assert.Equal("bearer", schemes.GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.Equal("apiKey", schemes.GetProperty("ApiKey").GetProperty("type").GetString());
        Assert.Equal("header", schemes.GetProperty("ApiKey").GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", schemes.GetProperty("ApiKey").GetProperty("name").GetString());
        var security = create.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList();
        Assert.Equal(["Bearer", "ApiKey"], security);
        Assert.False(paths.GetProperty("/api/auth/login").GetProperty("post").TryGetProperty("security", out _));

        var schemas = root.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.TryGetProperty("WebhookView", out _));
        Assert.True(schemas.TryGetProperty("CreateWebhookRequest", out _));
    }

    [Fact]
    public async Task DocsIsAnHtmlPageWithItsOwnNoncedContentSecurityPolicy()
    {
        await using var host = await BrokerHost.StartAsync();
        using var response = await host.Http.GetAsync("docs");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", html);
        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        var nonce = csp.Split('\'').Single(p => p.StartsWith("nonce-", StringComparison.Ordinal))["nonce-".Length..];
        Assert.Contains($"nonce=\"{nonce}\"", html);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotContain("https:", csp);

        // Its scripts come from the broker itself; other pages keep the strict policy.
        using var script = await host.Http.GetAsync("docs/scalar.js");
        Assert.Equal(200, (int)script.StatusCode);
        using var page = await host.Http.GetAsync("/");
        Assert.DoesNotContain("nonce-", string.Join(" ", page.Headers.GetValues("Content-Security-Policy")));
    }
}
