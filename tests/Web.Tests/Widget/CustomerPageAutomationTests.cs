using System.Text.RegularExpressions;
using CustomerChat.Web.Tests.Infrastructure;
using CustomerChat.Web.Tests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CustomerChat.Web.Tests.Widget;

/// <summary>
/// The customer page (<c>/</c>) outside business hours (docs/protocol.md §13): it says when the team is
/// back, and the first message gets the offline message from the bot, shown apart from a person's messages.
/// Uses the widget fixture's "offline" broker (closed today and tomorrow).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class CustomerPageAutomationTests(WidgetFixture widget, BrowserFixture browser, ITestOutputHelper output)
    : WidgetTestBase(widget, browser, output), IClassFixture<WidgetFixture>
{
    [Fact(Timeout = 90_000)]
    public Task Outside_business_hours_the_customer_page_says_when_it_opens_and_the_bot_answers_apart() => RunAsync(async () =>
    {
        var session = await OpenAsync("customer", Widget.Offline.BaseUrl);
        await session.Page.GotoAsync(Widget.Offline.BaseUrl.ToString());
        var customer = new CustomerPage(session.Page);
        await Expect(session.Page.Locator("#hours-notice")).ToContainTextAsync(new Regex("^We're closed right now — we'll answer at .+\\."));
        await Expect(session.Page.Locator("#hours-notice")).ToContainTextAsync(WidgetFixture.OfflineMessage);

        await customer.StartAsync(UniqueName("Grace"));
        await customer.SendAsync("Is anybody there?");
        var reply = customer.Message(WidgetFixture.OfflineMessage);
        await Expect(reply).ToHaveCountAsync(1);
        await Expect(reply).ToHaveClassAsync(new Regex("\\bmsg--bot\\b"));
        await Expect(reply.Locator(".msg-tag--bot")).ToHaveTextAsync("Bot");
        await Expect(customer.Message("Is anybody there?")).Not.ToHaveClassAsync(new Regex("\\bmsg--bot\\b"));
    });
}
