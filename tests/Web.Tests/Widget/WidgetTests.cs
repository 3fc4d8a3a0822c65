using System.Globalization;
using System.Text.RegularExpressions;
using CustomerChat.Web.Tests.Infrastructure;
using CustomerChat.Web.Tests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CustomerChat.Web.Tests.Widget;

/// <summary>
/// The website widget end to end in Chromium: a company page on another origin (and site) embeds the one
/// script tag of a real broker; visitors use the launcher, the pre-chat form and the chat; an agent answers
/// in the agent console. With <c>CUSTOMERCHAT_SCREENSHOTS=1</c> the tests save docs/images/widget-*.png.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class WidgetTests(WidgetFixture widget, BrowserFixture browser, ITestOutputHelper output)
    : WidgetTestBase(widget, browser, output), IClassFixture<WidgetFixture>
{
    private async Task<WidgetOnPage> VisitAsync(string name, string url, Uri broker)
    {
        var session = await OpenAsync(name, broker);
        await session.Page.GotoAsync(url);
        var visitor = new WidgetOnPage(session.Page);
        await Expect(visitor.Launcher).ToBeVisibleAsync();
        return visitor;
    }

    private async Task<AgentConsole> AgentAsync(Uri broker, string username = "alice")
    {
        var session = await OpenAsync(username, broker, new ViewportSize { Width = 1280, Height = 800 });
        var agent = new AgentConsole(session.Page);
        await agent.LoginAsync(username);
        return agent;
    }

    [Fact(Timeout = 120_000)]
    public Task Launcher_appears_on_a_foreign_page_untouched_by_its_styles_and_works_by_keyboard() => RunAsync(async () =>
    {
        var visitor = await VisitAsync("visitor", Widget.Allowed.PageUrl(1, "online"), Widget.Online.BaseUrl);
        var page = visitor.Page;

        // The host's "button { background: red !important }" does not reach the launcher; the host's own button stays red.
        await Expect(visitor.Launcher).ToHaveAttributeAsync("aria-label", "Open chat");
        await Expect(visitor.Launcher).ToHaveCSSAsync("background-color", "rgb(79, 70, 229)");
        await Expect(page.Locator("#host-button")).ToHaveCSSAsync("background-color", "rgb(255, 0, 0)");
        await Expect(page.Locator("h1")).ToHaveCSSAsync("font-family", "Georgia, serif");

        // How long from the script's arrival to the launcher on screen (docs/WIDGET.md quotes it).
        await page.WaitForFunctionAsync("() => window.CustomerChatWidget.timing.shown > 0");
        var timing = await page.EvaluateAsync<double[]>("""
            () => {
              const entry = performance.getEntriesByType('resource').find(e => e.name.endsWith('/widget.js'));
              const t = window.CustomerChatWidget.timing;
              return [entry.startTime, entry.responseEnd, t.started, t.inserted, t.shown];
            }
            """);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"widget.js requested at {timing[0]:0.0} ms, arrived {timing[1]:0.0} ms, ran {timing[2]:0.0} ms; launcher in the page {timing[3]:0.0} ms, painted {timing[4]:0.0} ms: {timing[4] - timing[1]:0.0} ms from arrival to the painting frame ({timing[4] - timing[2]:0.0} ms of it after the script started)");
        Output.WriteLine(line);
        await File.AppendAllTextAsync(Path.Combine(RepoPaths.ResultsDirectory, "widget-timing.txt"), line + Environment.NewLine);

        // Keyboard: Tab from the host button reaches the launcher; Enter opens and moves the focus into the form.
        await page.Locator("#host-button").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(visitor.Launcher).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(visitor.Panel).ToBeVisibleAsync();
        await Expect(visitor.Launcher).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(visitor.Launcher).ToHaveAttributeAsync("aria-label", "Close chat");
        await Expect(visitor.Chat.GetByLabel("Your name")).ToBeFocusedAsync();
        await Expect(visitor.Chat.Locator("#field-department")).ToBeVisibleAsync();
        await DocScreenshotAsync(page, "prechat");

        // Escape inside the chat closes the panel and gives the focus back to the launcher.
        await page.Keyboard.PressAsync("Escape");
        await Expect(visitor.Panel).ToBeHiddenAsync();
        await Expect(visitor.Launcher).ToBeFocusedAsync();
        await Expect(visitor.Launcher).ToHaveAttributeAsync("aria-expanded", "false");
    });

    [Fact(Timeout = 180_000)]
    public Task A_chat_with_an_agent_counts_unread_while_closed_and_survives_navigation() => RunAsync(async () =>
    {
        var agent = await AgentAsync(Widget.Online.BaseUrl);
        var visitor = await VisitAsync("visitor", Widget.Allowed.PageUrl(1, "online", department: "support"), Widget.Online.BaseUrl);
        await visitor.OpenAsync();

        // The required email is enforced before anything is sent.
        var name = UniqueName("Grace");
        await visitor.Chat.GetByLabel("Your name").FillAsync(name);
        await visitor.Chat.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        var email = visitor.Chat.GetByLabel("Email");
        await Expect(email).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(email).ToBeFocusedAsync();
        await Expect(visitor.Chat.Locator("#email-error")).ToHaveTextAsync("Please fill in this field.");
        await Expect(visitor.Chat.Locator("#conversation")).ToBeHiddenAsync();
        await email.FillAsync("grace@example");
        await visitor.Chat.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await Expect(visitor.Chat.Locator("#email-error")).ToHaveTextAsync("Please enter an email address like name@example.com.");
        await Expect(visitor.Chat.GetByLabel("Department")).ToHaveValueAsync("support"); // from data-department

        await visitor.StartAsync(name, "grace@example.com");
        await visitor.SendAsync("Hello from the shop page");

        // The agent takes it and answers; the visitor sees the agent's name and message.
        var conversationId = await agent.ClaimAsync(name);
        await Expect(visitor.Status).ToHaveTextAsync("You are chatting with Alice");
        await agent.SendAsync(conversationId, "Hi, Alice here. How can I help?");
        await Expect(visitor.Message("Hi, Alice here. How can I help?").Locator(".msg-sender")).ToHaveTextAsync("Alice");
        await Expect(visitor.Badge).ToBeHiddenAsync();
        await DocScreenshotAsync(visitor.Page, "chat");

        // Closed panel: agent messages count on the launcher, and no message text reaches the host page.
        await visitor.Launcher.ClickAsync();
        await Expect(visitor.Panel).ToBeHiddenAsync();
        await agent.SendAsync(conversationId, "Your parcel left the warehouse today.");
        await Expect(visitor.Badge).ToHaveTextAsync("1");
        await agent.SendAsync(conversationId, "Tracking number: 123");
        await Expect(visitor.Badge).ToHaveTextAsync("2");
        await Expect(visitor.Launcher).ToHaveAttributeAsync("aria-label", "Open chat (2 unread)");
        Assert.DoesNotContain("parcel", await visitor.Page.ContentAsync(), StringComparison.Ordinal);
        await DocScreenshotAsync(visitor.Page, "unread");

        // Another page of the site: the count and the conversation are still there.
        await visitor.Page.Locator("#next").ClickAsync();
        await Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("Shop page 2");
        await Expect(visitor.Badge).ToHaveTextAsync("2");
        await visitor.OpenAsync();
        await Expect(visitor.Badge).ToBeHiddenAsync();
        await Expect(visitor.Message("Hello from the shop page")).ToHaveCountAsync(1);
        await Expect(visitor.Message("Tracking number: 123")).ToHaveCountAsync(1);
        await Expect(visitor.Status).ToHaveTextAsync("You are chatting with Alice");
        await visitor.SendAsync("Thanks, got it on page 2");
        await Expect(agent.Message(conversationId, "Thanks, got it on page 2")).ToHaveCountAsync(1);

        // The open panel is remembered too: a reload comes back open.
        await visitor.Page.ReloadAsync();
        await Expect(visitor.Panel).ToBeVisibleAsync();
        await Expect(visitor.Message("Thanks, got it on page 2")).ToHaveCountAsync(1);
    });

    [Theory(Timeout = 60_000)]
    [InlineData("de", "Hallo!", "Chat starten", "Chat öffnen", "Ihr Name")]
    [InlineData("fr", "Bonjour !", "Démarrer la discussion", "Ouvrir le chat", "Votre nom")]
    [InlineData("es", "¡Hola!", "Iniciar chat", "Abrir el chat", "Tu nombre")]
    public Task Strings_follow_the_data_locale_of_the_script_tag(string locale, string title, string start, string launcher, string nameLabel) => RunAsync(async () =>
    {
        await AgentAsync(Widget.Online.BaseUrl); // "online" means an agent is available (docs/protocol.md §12)
        var visitor = await VisitAsync("visitor-" + locale, Widget.Allowed.PageUrl(1, "online", locale), Widget.Online.BaseUrl);
        await Expect(visitor.Launcher).ToHaveAttributeAsync("aria-label", launcher);
        await visitor.OpenAsync();
        await Expect(visitor.Chat.Locator("#prechat-title")).ToHaveTextAsync(title);
        await Expect(visitor.Chat.GetByRole(AriaRole.Button, new() { Name = start })).ToBeVisibleAsync();
        await Expect(visitor.Chat.GetByLabel(nameLabel)).ToBeVisibleAsync();
        await Expect(visitor.Chat.Locator("html")).ToHaveAttributeAsync("lang", locale);
        if (locale == "de")
        {
            await DocScreenshotAsync(visitor.Page, "de");
        }
    });

    [Fact(Timeout = 120_000)]
    public Task Outside_business_hours_the_panel_shows_the_offline_message_and_a_left_message_reaches_the_queue() => RunAsync(async () =>
    {
        var agent = await AgentAsync(Widget.Offline.BaseUrl, "bob");
        var visitor = await VisitAsync("visitor", Widget.Allowed.PageUrl(1, "offline"), Widget.Offline.BaseUrl);
        await visitor.OpenAsync();
        await Expect(visitor.Chat.Locator("#offline-message")).ToHaveTextAsync(WidgetFixture.OfflineMessage);
        await Expect(visitor.Chat.Locator("#next-open")).ToHaveTextAsync(new Regex("^We are back .+\\.$"));
        await Expect(visitor.Status).ToHaveTextAsync("We are offline right now");
        await Expect(visitor.Chat.Locator("#prechat-title")).ToHaveTextAsync("Leave us a message");

        var name = UniqueName("Linus");
        await visitor.Chat.GetByLabel("Your name").FillAsync(name);
        await visitor.Chat.GetByLabel("Email").FillAsync("linus@example.com");
        await visitor.Chat.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await Expect(visitor.Chat.Locator("#message-error")).ToHaveTextAsync("Please fill in this field.");
        await visitor.Chat.GetByLabel("Your message").FillAsync("Please call me back about my invoice.");
        await DocScreenshotAsync(visitor.Page, "offline");
        await visitor.Chat.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();

        await Expect(visitor.Message("Please call me back about my invoice.")).ToHaveCountAsync(1);
        await Expect(visitor.Chat.Locator("#offline-banner")).ToBeVisibleAsync();
        var item = agent.QueueItem(name);
        await Expect(item).ToBeVisibleAsync();
        await Expect(item).ToContainTextAsync("Please call me back about my invoice.");
    });

    [Fact(Timeout = 60_000)]
    public Task A_page_of_an_origin_not_allowed_cannot_frame_the_widget() => RunAsync(async () =>
    {
        var session = await OpenAsync("intruder", Widget.Online.BaseUrl);
        session.IgnoreProblem("frame-ancestors");
        var blocked = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var framed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Page.FrameNavigated += (_, frame) =>
        {
            if (frame.ParentFrame is null)
            {
                return;
            }

            if (frame.Url.StartsWith("chrome-error:", StringComparison.Ordinal))
            {
                blocked.TrySetResult(frame.Url);
            }
            else if (frame.Url.Contains("/widget.html", StringComparison.Ordinal))
            {
                framed.TrySetResult(frame.Url);
            }
        };
        var csp = session.Page.WaitForConsoleMessageAsync(new() { Predicate = m => m.Text.Contains("frame-ancestors", StringComparison.Ordinal), Timeout = 20_000 });

        await session.Page.GotoAsync(Widget.NotAllowed.PageUrl(1, "online"));
        var visitor = new WidgetOnPage(session.Page);
        await Expect(visitor.Launcher).ToBeVisibleAsync(); // the script itself loads anywhere
        var message = await csp;
        Output.WriteLine("Chromium: " + message.Text);
        Assert.Contains(Widget.Online.Origin, message.Text, StringComparison.Ordinal);
        var first = await Task.WhenAny(blocked.Task, framed.Task).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Same(blocked.Task, first);
        await visitor.Launcher.ClickAsync();
        await Expect(visitor.Chat.Locator("#prechat")).ToHaveCountAsync(0);
    });
}
