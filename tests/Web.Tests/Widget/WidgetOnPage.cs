using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CustomerChat.Web.Tests.Widget;

/// <summary>The widget as a visitor meets it on a host page: the launcher in its shadow root, the panel, the chat iframe.</summary>
public sealed class WidgetOnPage(IPage page)
{
    public IPage Page => page;

    /// <summary>The launcher button (Playwright's CSS engine pierces the open shadow root).</summary>
    public ILocator Launcher => page.Locator("[data-customerchat=widget] button.l");

    /// <summary>The unread badge on the launcher.</summary>
    public ILocator Badge => page.Locator("[data-customerchat=widget] .b");

    /// <summary>The panel that holds the iframe.</summary>
    public ILocator Panel => page.Locator("[data-customerchat=widget] .p");

    /// <summary>The chat inside the iframe.</summary>
    public IFrameLocator Chat => page.FrameLocator("[data-customerchat=widget] iframe");

    public ILocator Status => Chat.Locator("#chat-status");

    public ILocator Composer => Chat.Locator("#composer-input");

    /// <summary>A shown message bubble with exactly this text.</summary>
    public ILocator Message(string text) =>
        Chat.Locator(".msg[data-id]").Filter(new() { Has = Chat.Locator(".msg-text", new() { HasTextString = text }) });

    /// <summary>Opens the panel with a click and waits for the iframe's form or chat.</summary>
    public async Task OpenAsync()
    {
        await Launcher.ClickAsync();
        await Expect(Panel).ToBeVisibleAsync();
        await Expect(Launcher).ToHaveAttributeAsync("aria-expanded", "true");
    }

    /// <summary>Fills the pre-chat form (name, email) and starts the chat; waits until connected.</summary>
    public async Task StartAsync(string name, string email)
    {
        await Chat.GetByLabel("Your name").FillAsync(name);
        await Chat.GetByLabel("Email").FillAsync(email);
        await Chat.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await Expect(Chat.Locator("#conversation")).ToBeVisibleAsync();
        await Expect(Status).Not.ToHaveTextAsync("Connecting…");
    }

    /// <summary>Sends a message with Enter and waits until the broker delivered it back.</summary>
    public async Task SendAsync(string text)
    {
        await Composer.FillAsync(text);
        await Composer.PressAsync("Enter");
        await Expect(Message(text)).ToHaveCountAsync(1);
    }
}
