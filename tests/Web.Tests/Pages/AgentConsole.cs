using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CustomerChat.Web.Tests.Pages;

/// <summary>The agent console (<c>/agent.html</c>) as a test drives it.</summary>
public sealed class AgentConsole(IPage page)
{
    public IPage Page => page;

    public ILocator Connection => page.Locator("#connection");

    /// <summary>The waiting queue entry of a customer.</summary>
    public ILocator QueueItem(string customerName) => page.Locator("#queue .queue-item").Filter(new() { HasText = customerName });

    /// <summary>The "in progress" entry of a customer.</summary>
    public ILocator InProgressItem(string customerName) => page.Locator("#inprogress li").Filter(new() { HasText = customerName });

    public ILocator Tab(string conversationId) => page.Locator($"#tabs [role=tab][data-conversation-id=\"{conversationId}\"]");

    public ILocator Panel(string conversationId) => page.Locator($"#panels .panel[data-conversation-id=\"{conversationId}\"]");

    public ILocator Messages(string conversationId) => Panel(conversationId).Locator(".msg[data-id]");

    public ILocator Message(string conversationId, string text) =>
        Messages(conversationId).Filter(new() { Has = page.Locator(".msg-text").GetByText(text, new() { Exact = true }) });

    public ILocator Typing(string conversationId) => Panel(conversationId).Locator(".typing");

    public ILocator Reply(string conversationId) => Panel(conversationId).Locator("textarea");

    /// <summary>Signs in and waits until the console is online.</summary>
    public async Task LoginAsync(string username, string password = "demo")
    {
        await page.GotoAsync("/agent.html");
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#console")).ToBeVisibleAsync();
        await Expect(Connection).ToHaveTextAsync("Online");
    }

    /// <summary>Claims a waiting customer; returns the conversation id once its tab is selected.</summary>
    public async Task<string> ClaimAsync(string customerName)
    {
        var item = QueueItem(customerName);
        await Expect(item).ToHaveCountAsync(1);
        var id = await item.GetAttributeAsync("data-conversation-id") ?? throw new InvalidOperationException("queue item without a conversation id");
        await item.GetByRole(AriaRole.Button, new() { Name = $"Claim the chat with {customerName}" }).ClickAsync();
        await Expect(Tab(id)).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Panel(id)).ToBeVisibleAsync();
        return id;
    }

    /// <summary>Sends a reply with Enter and waits until the broker has delivered it back.</summary>
    public async Task SendAsync(string conversationId, string text)
    {
        await Reply(conversationId).FillAsync(text);
        await Reply(conversationId).PressAsync("Enter");
        await Expect(Message(conversationId, text)).ToHaveCountAsync(1);
    }

    /// <summary>Closes the conversation and waits until the console shows it ended.</summary>
    public async Task CloseAsync(string conversationId)
    {
        await Panel(conversationId).GetByRole(AriaRole.Button, new() { Name = "Close chat" }).ClickAsync();
        await Expect(Panel(conversationId).Locator(".panel-sub")).ToHaveTextAsync("Chat ended");
    }
}
