using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CustomerChat.Web.Tests.Pages;

/// <summary>The customer chat page (<c>/</c>) as a test drives it.</summary>
public sealed class CustomerPage(IPage page)
{
    public IPage Page => page;

    /// <summary>The conversation state in words ("You are number 2 in the queue", …).</summary>
    public ILocator Status => page.Locator("#chat-status");

    /// <summary>Confirmed chat messages (each has the broker's message id).</summary>
    public ILocator Messages => page.Locator("#messages .msg[data-id]");

    public ILocator Composer => page.GetByLabel("Message", new() { Exact = true });

    public ILocator Typing => page.Locator("#typing");

    public ILocator RatingForm => page.Locator("#rating-form");

    public ILocator ConnectionBanner => page.Locator("#connection-banner");

    /// <summary>The confirmed message whose text is exactly <paramref name="text"/>.</summary>
    public ILocator Message(string text) =>
        Messages.Filter(new() { Has = page.Locator(".msg-text").GetByText(text, new() { Exact = true }) });

    /// <summary>Opens the page, gives a name, starts the chat and waits for the waiting state.</summary>
    public async Task StartAsync(string name)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("Your name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await Expect(page.Locator("#conversation")).ToBeVisibleAsync();
        await Expect(Status).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^You are number [0-9]+ in the queue")); // docs/protocol.md §12
    }

    /// <summary>Types a message, sends it with Enter and waits until the broker has delivered it back.</summary>
    public async Task SendAsync(string text)
    {
        await Composer.FillAsync(text);
        await Composer.PressAsync("Enter");
        await Expect(Message(text)).ToHaveCountAsync(1);
        await Expect(Message(text).Locator(".msg-status")).ToHaveAttributeAsync("data-status", new System.Text.RegularExpressions.Regex("^(delivered|read)$"));
    }
}
