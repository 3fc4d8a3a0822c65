using CustomerChat.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CustomerChat.Web.Tests;

/// <summary>
/// The pages load under the broker's Content-Security-Policy without errors, hold no inline script,
/// handler or style, fit a 360 px wide screen and can be started from the keyboard.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class PageLoadTests(BrokerFixture broker, BrowserFixture browser, ITestOutputHelper output)
    : WebTestBase(broker, browser, output)
{
    private const string NoInlineCode = """
        () => {
          const all = [...document.querySelectorAll('*')];
          return {
            inlineScripts: document.querySelectorAll('script:not([src])').length,
            styleAttributes: document.querySelectorAll('[style]').length,
            handlers: all.filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
            overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          };
        }
        """;

    [Theory(Timeout = 120_000)]
    [InlineData("/", "Start chat")]
    [InlineData("/agent.html", "Sign in")]
    public Task The_page_loads_cleanly_at_phone_width(string path, string button) => RunAsync(async () =>
    {
        var session = await OpenAsync(path == "/" ? "customer" : "agent", new ViewportSize { Width = 360, Height = 740 });
        var response = await session.Page.GotoAsync(path);
        Assert.NotNull(response);
        Assert.True(response.Ok, $"GET {path} answered {response.Status}");
        await Expect(session.Page.GetByRole(AriaRole.Button, new() { Name = button })).ToBeVisibleAsync();

        var facts = await session.Page.EvaluateAsync<PageFacts>(NoInlineCode);
        Assert.Equal(0, facts.InlineScripts);
        Assert.Equal(0, facts.StyleAttributes);
        Assert.Equal(0, facts.Handlers);
        Assert.True(facts.Overflow <= 0, $"the page scrolls sideways by {facts.Overflow}px at 360px");
    }, $"The_page_loads_cleanly_at_phone_width{path.Replace('/', '_')}");

    [Fact(Timeout = 120_000)]
    public Task The_customer_can_start_a_chat_with_the_keyboard_only() => RunAsync(async () =>
    {
        var page = (await OpenAsync("customer")).Page;
        await page.GotoAsync("/");
        await Expect(page.GetByLabel("Your name")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(UniqueName("Keyboard"));
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Start chat" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#composer-input")).ToBeFocusedAsync();
        await Expect(page.Locator("#chat-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^You are number [0-9]+ in the queue")); // docs/protocol.md §12
        await page.Keyboard.TypeAsync("Typed without a mouse");
        await page.Keyboard.PressAsync("Shift+Enter");
        await page.Keyboard.TypeAsync("second line");
        await Expect(page.Locator("#composer-input")).ToHaveValueAsync("Typed without a mouse\nsecond line");
        await Expect(page.Locator("#composer-counter")).ToHaveTextAsync("33 / 4,000");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#messages .msg[data-id] .msg-text")).ToHaveTextAsync("Typed without a mouse\nsecond line");

        // The customer can end a chat nobody has claimed yet (and leaves the queue clean for other tests).
        await page.GetByRole(AriaRole.Button, new() { Name = "End chat" }).ClickAsync();
        await Expect(page.Locator("#chat-status")).ToHaveTextAsync("The chat has ended");
    });

    /// <summary>What <see cref="NoInlineCode"/> reports.</summary>
    public sealed class PageFacts
    {
        public int InlineScripts { get; set; }

        public int StyleAttributes { get; set; }

        public int Handlers { get; set; }

        public int Overflow { get; set; }
    }
}
