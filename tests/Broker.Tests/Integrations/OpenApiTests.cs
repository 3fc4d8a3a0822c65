using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Http.Metadata;
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
    public async Task EveryMappedApiEndpointIsInTheDocumentWithItsSchemas()
    {
        await using var host = await BrokerHost.StartAsync();
        using var response = await host.Http.GetAsync("openapi/v1.json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");

        // Every endpoint the broker maps under /api/ (the endpoint data source, not a hand-kept list) …
        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m.ToLowerInvariant(), Path: PathOf(e.RoutePattern))))
            .Distinct().ToList();
        Assert.True(mapped.Count >= 30, $"only {mapped.Count} /api/ endpoints found");

        var missing = new List<string>();
        foreach (var (method, path) in mapped)
        {
            if (!paths.TryGetProperty(path, out var item) || !item.TryGetProperty(method, out var operation))
            {
                missing.Add($"{method} {path}: not in the document");
                continue;
            }

            // … is an operation with a success response; a success with a body names its schema, so does a JSON request body.
            var responses = operation.GetProperty("responses").EnumerateObject().ToList();
            if (!responses.Any(r => r.Name.StartsWith('2')))
            {
                missing.Add($"{method} {path}: no 2xx response");
            }

            foreach (var success in responses.Where(r => r.Name.StartsWith('2') && r.Value.TryGetProperty("content", out _)))
            {
                foreach (var media in success.Value.GetProperty("content").EnumerateObject().Where(m => m.Name.Contains("json", StringComparison.Ordinal)))
                {
                    if (!media.Value.TryGetProperty("schema", out _))
                    {
                        missing.Add($"{method} {path}: {success.Name} {media.Name} without a schema");
                    }
                }
            }

            if (operation.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty("application/json", out var json) && !json.TryGetProperty("schema", out _))
            {
                missing.Add($"{method} {path}: JSON request body without a schema");
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    // "/api/x/{id:guid}/y" → "/api/x/{id}/y", as the document writes paths.
    private static string PathOf(RoutePattern pattern) =>
        "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));

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
