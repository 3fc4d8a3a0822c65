using CustomerChat.Web.Tests.Infrastructure;
using CustomerChat.Web.Tests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CustomerChat.Web.Tests.Console;

/// <summary>
/// The agent admin page: an administrator creates an agent, who then signs in to the console; disabling the agent
/// ends its console session; configured accounts are read-only; a non-administrator is turned away.
/// With <c>CUSTOMERCHAT_SCREENSHOTS=1</c> it saves docs/images/admin.png.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class AdminPageTests(BrokerFixture broker, BrowserFixture browser, ITestOutputHelper output)
    : WebTestBase(broker, browser, output)
{
    [Fact(Timeout = 180_000)]
    public Task Admin_creates_an_agent_who_then_signs_in_and_is_signed_out_when_disabled() => RunAsync(async () =>
    {
        var adminSession = await OpenAsync("alice-admin", new ViewportSize { Width = 1280, Height = 760 });
        var admin = new AdminPage(adminSession.Page);
        await admin.LoginAsync("alice");
        await Expect(admin.Row("alice")).ToContainTextAsync("configured");
        await Expect(admin.Row("alice")).ToContainTextAsync("read-only");

        var username = "agent-" + Guid.NewGuid().ToString("N")[..6];
        await admin.CreateAsync(username, "Dana Scully", "dana-password");
        await Expect(admin.Row(username)).ToContainTextAsync("Dana Scully");
        await Expect(admin.Row(username)).ToContainTextAsync("Active");
        await Expect(admin.Page.Locator("#status")).ToHaveTextAsync($"{username} created.");

        if (Environment.GetEnvironmentVariable("CUSTOMERCHAT_SCREENSHOTS") is { Length: > 0 } screenshots && screenshots != "0")
        {
            var folder = screenshots is "1" or "true" ? Path.Combine(RepoPaths.Root, "docs", "images") : screenshots;
            Directory.CreateDirectory(folder);
            await admin.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "admin.png"), Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
        }

        // The new agent signs in to the console.
        var agentSession = await OpenAsync("dana");
        var console = new AgentConsole(agentSession.Page);
        await console.LoginAsync(username, "dana-password");
        await Expect(agentSession.Page.Locator("#me-name")).ToHaveTextAsync("Dana Scully");
        // Not an administrator: no link to the admin page.
        await Expect(agentSession.Page.Locator("#admin-link")).ToHaveCountAsync(0);

        // Disabled by the administrator: the console session ends and says why.
        agentSession.IgnoreProblem("account disabled");
        await admin.Row(username).GetByRole(AriaRole.Button, new() { Name = $"Disable {username}" }).ClickAsync();
        await Expect(admin.Row(username)).ToContainTextAsync("Disabled");
        await Expect(agentSession.Page.Locator("#login-notice")).ToHaveTextAsync("Your account has been disabled.");

        // Signing in again is refused.
        await agentSession.Page.GetByLabel("Username", new() { Exact = true }).FillAsync(username);
        await agentSession.Page.GetByLabel("Password", new() { Exact = true }).FillAsync("dana-password");
        agentSession.IgnoreProblem("401");
        await agentSession.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(agentSession.Page.Locator("#login-error")).ToHaveTextAsync("Wrong username or password.");

        // Deleted with two clicks.
        await admin.Row(username).GetByRole(AriaRole.Button, new() { Name = $"Delete {username}" }).ClickAsync();
        await admin.Row(username).GetByRole(AriaRole.Button, new() { Name = $"Confirm deleting {username}" }).ClickAsync();
        await Expect(admin.Row(username)).ToHaveCountAsync(0);
    });

    [Fact(Timeout = 120_000)]
    public Task An_agent_who_is_not_an_administrator_is_turned_away() => RunAsync(async () =>
    {
        var session = await OpenAsync("bob-admin");
        session.IgnoreProblem("403");
        await session.Page.GotoAsync("/admin.html");
        await session.Page.GetByLabel("Username", new() { Exact = true }).FillAsync("bob");
        await session.Page.GetByLabel("Password", new() { Exact = true }).FillAsync("demo");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(session.Page.Locator("#forbidden")).ToBeVisibleAsync();
        await Expect(session.Page.Locator("#accounts-section")).ToBeHiddenAsync();
    });
}
