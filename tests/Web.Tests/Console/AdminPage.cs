using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CustomerChat.Web.Tests.Console;

/// <summary>The agent admin page (<c>/admin.html</c>) as a test drives it.</summary>
public sealed class AdminPage(IPage page)
{
    public IPage Page => page;

    /// <summary>The table row of an account.</summary>
    public ILocator Row(string username) => page.Locator($"#accounts tr[data-username=\"{username}\"]");

    /// <summary>Signs in and waits for the accounts table.</summary>
    public async Task LoginAsync(string username, string password = "demo")
    {
        await page.GotoAsync("/admin.html");
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync(username);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#accounts-section")).ToBeVisibleAsync();
        await Expect(Row(username)).ToHaveCountAsync(1);
    }

    /// <summary>Fills the "New agent" form and creates the account; waits for its row.</summary>
    public async Task CreateAsync(string username, string displayName, string password, bool admin = false)
    {
        await page.Locator("#f-username").FillAsync(username);
        await page.Locator("#f-display").FillAsync(displayName);
        await page.Locator("#f-password").FillAsync(password);
        await page.Locator("#f-capacity").FillAsync("3");
        if (admin)
        {
            await page.GetByLabel("Administrator").CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Create agent" }).ClickAsync();
        await Expect(Row(username)).ToHaveCountAsync(1);
    }
}
