using CustomerChat.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CustomerChat.Web.Tests.Integrations;

/// <summary>
/// The interactive API reference at <c>/docs</c> (docs/protocol.md §16 "OpenAPI and /docs") renders in Chromium under
/// its own Content-Security-Policy: Scalar's script loads from the broker, fetches <c>/openapi/v1.json</c> and lists
/// the endpoints, with no console error, no CSP violation (checked by <see cref="BrowserTestBase"/>) and no request
/// to another host.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ApiReferenceTests(BrokerFixture broker, BrowserFixture browser, ITestOutputHelper output)
    : WebTestBase(broker, browser, output)
{
    [Fact(Timeout = 120_000)]
    public Task The_docs_page_renders_the_API_reference_with_its_endpoints() => RunAsync(async () =>
    {
        var session = await OpenAsync("integrator");
        var page = session.Page;
        var foreign = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            var url = new Uri(request.Url);
            if (url.Scheme is "http" or "https" && url.Authority != Broker.BaseUrl.Authority)
            {
                foreign.Enqueue(request.Url);
            }
        };

        var response = await page.GotoAsync("/docs");
        Assert.NotNull(response);
        Assert.True(response.Ok, $"GET /docs answered {response.Status}");
        var csp = await response.HeaderValueAsync("content-security-policy");
        Assert.NotNull(csp);
        Assert.Contains("'nonce-", csp, StringComparison.Ordinal);

        // Scalar fetched /openapi/v1.json and rendered it: the document's title, the endpoints listed in the sidebar by
        // their summaries (WithSummary), an operation's section; opening the Webhooks group shows its operations.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "CustomerChat HTTP API", Level = 1 })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var sidebar = page.GetByRole(AriaRole.Complementary, new() { Name = "Sidebar for CustomerChat HTTP API" });
        await Expect(sidebar.GetByRole(AriaRole.Link, new() { Name = "Post a chat message (the HTTP door of /chat/message)" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Every conversation (agents), optionally of one state", Level = 3 })).ToBeVisibleAsync();
        await sidebar.GetByRole(AriaRole.Link, new() { Name = "Webhooks", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create a webhook", Level = 3 })).ToBeVisibleAsync();

        Assert.True(foreign.IsEmpty, $"/docs contacted other hosts: {string.Join(", ", foreign)}");
    });
}
