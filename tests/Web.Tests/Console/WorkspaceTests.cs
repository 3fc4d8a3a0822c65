using System.Net.Http.Headers;
using System.Net.Http.Json;
using CustomerChat.Broker.Workspace.CannedResponses;
using CustomerChat.Web.Tests.Infrastructure;
using CustomerChat.Web.Tests.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CustomerChat.Web.Tests.Console;

/// <summary>
/// The agent workspace in the console, against a broker with the bot on: bot messages are styled apart, the
/// <c>/</c> picker inserts a canned response (suggested first, keyboard only), and a private note is styled apart on
/// the console and never reaches the customer's page.
/// With <c>CUSTOMERCHAT_SCREENSHOTS=1</c> it saves docs/images/agent-workspace.png.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class WorkspaceTests(BrokerFixture broker, BrowserFixture browser, ITestOutputHelper output, WorkspaceBroker workspace)
    : WebTestBase(broker, browser, output), IClassFixture<WorkspaceBroker>
{
    [Fact(Timeout = 180_000)]
    public Task Bot_messages_are_styled_apart_and_the_slash_picker_inserts_a_canned_response() => RunAsync(async () =>
    {
        var shortCode = "refund-" + Guid.NewGuid().ToString("N")[..6];
        const string refund = "Refunds reach your account within five working days.";
        await CreateCannedResponseAsync(shortCode, refund);
        await CreateCannedResponseAsync("hello-" + shortCode[7..], "Hello! How can I help you today?");

        var (agent, customer, conversationId) = await StartConversationAsync("How long does a refund take?");

        // The bot's greeting: on both pages, styled apart and tagged.
        var greeting = agent.Message(conversationId, WorkspaceBroker.Greeting);
        await Expect(greeting).ToHaveCountAsync(1);
        await Expect(greeting).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmsg--bot\b"));
        await Expect(greeting.Locator(".msg-tag--bot")).ToHaveTextAsync("Bot");
        await Expect(greeting).ToHaveAttributeAsync("data-sender-role", "bot");
        await Expect(customer.Message(WorkspaceBroker.Greeting)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmsg--bot\b"));
        await Expect(agent.Message(conversationId, "How long does a refund take?")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmsg--bot\b"));

        // "/" opens the picker with the best suggestion first; the keyboard picks it.
        var reply = agent.Reply(conversationId);
        await reply.FocusAsync();
        await reply.PressSequentiallyAsync("/");
        var picker = agent.Panel(conversationId).Locator("[role=listbox].canned-picker");
        await Expect(picker).ToBeVisibleAsync();
        await Expect(reply).ToHaveAttributeAsync("aria-expanded", "true");
        var first = picker.Locator("[role=option]").First;
        await Expect(first).ToHaveAttributeAsync("data-short-code", shortCode);
        await Expect(first).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(first).ToContainTextAsync("Suggested");

        if (Environment.GetEnvironmentVariable("CUSTOMERCHAT_SCREENSHOTS") is { Length: > 0 } screenshots && screenshots != "0")
        {
            var folder = screenshots is "1" or "true" ? Path.Combine(RepoPaths.Root, "docs", "images") : screenshots;
            Directory.CreateDirectory(folder);
            await agent.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "agent-workspace.png"), Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
        }

        // Typing narrows the list; ArrowDown/ArrowUp move; Escape closes without inserting.
        await reply.PressSequentiallyAsync("hello");
        await Expect(picker.Locator("[role=option]")).ToHaveCountAsync(1);
        await reply.PressAsync("Escape");
        await Expect(picker).ToBeHiddenAsync();
        await Expect(reply).ToHaveValueAsync("/hello");

        // Enter inserts the highlighted response in place of "/word" (and does not send).
        await reply.FillAsync("");
        await reply.PressSequentiallyAsync("Sure. /ref");
        await Expect(picker.Locator("[role=option]").First).ToHaveAttributeAsync("data-short-code", shortCode);
        await reply.PressAsync("Enter");
        await Expect(picker).ToBeHiddenAsync();
        await Expect(reply).ToHaveValueAsync($"Sure. {refund}");
        await Expect(agent.Message(conversationId, $"Sure. {refund}")).ToHaveCountAsync(0);

        // The next Enter sends it.
        await reply.PressAsync("Enter");
        await Expect(agent.Message(conversationId, $"Sure. {refund}")).ToHaveCountAsync(1);
        await Expect(customer.Message($"Sure. {refund}")).ToHaveCountAsync(1);
    });

    [Fact(Timeout = 180_000)]
    public Task A_private_note_is_styled_apart_and_never_shown_on_the_customer_page() => RunAsync(async () =>
    {
        var (agent, customer, conversationId) = await StartConversationAsync("My parcel is late.");
        var panel = agent.Panel(conversationId);
        await panel.GetByLabel("Private note").CheckAsync();
        await Expect(panel.Locator(".composer")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bcomposer--note\b"));
        const string note = "Customer was rude last time; check order 4711 first.";
        await agent.Reply(conversationId).FillAsync(note);
        await agent.Reply(conversationId).PressAsync("Enter");

        var shown = agent.Message(conversationId, note);
        var unsupported = panel.Locator(".composer-error").GetByText("Private notes are not available on this server.");
        await Expect(shown.Or(unsupported)).ToBeVisibleAsync();
        Assert.False(await unsupported.IsVisibleAsync(), "The broker refused /chat/note as an unknown destination: the notes server side (docs/protocol.md §14) is not in this build.");
        await Expect(shown).ToHaveCountAsync(1);
        await Expect(shown).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmsg--private\b"));
        await Expect(shown.Locator(".msg-tag--private")).ToHaveTextAsync("Private note");

        // Then a normal reply: once the customer has it, the note would have arrived before it.
        await panel.GetByLabel("Private note").UncheckAsync();
        await agent.SendAsync(conversationId, "Let me check that for you.");
        await Expect(customer.Message("Let me check that for you.")).ToHaveCountAsync(1);
        await Expect(customer.Message(note)).ToHaveCountAsync(0);
        await Expect(customer.Page.GetByText(note)).ToHaveCountAsync(0);

        // Nor after a reload (the HTTP history).
        await customer.Page.ReloadAsync();
        await Expect(customer.Message("Let me check that for you.")).ToHaveCountAsync(1);
        await Expect(customer.Page.GetByText(note)).ToHaveCountAsync(0);
    });

    /// <summary>alice signs in, a new customer writes <paramref name="firstMessage"/>, alice claims it.</summary>
    private async Task<(AgentConsole Agent, CustomerPage Customer, string ConversationId)> StartConversationAsync(string firstMessage)
    {
        var agentSession = await OpenAsync("alice", workspace.BaseUrl, new ViewportSize { Width = 1280, Height = 800 });
        var agent = new AgentConsole(agentSession.Page);
        await agent.LoginAsync("alice");
        var customerSession = await OpenAsync("customer", workspace.BaseUrl);
        var customer = new CustomerPage(customerSession.Page);
        var name = UniqueName("Ada");
        await customer.StartAsync(name);
        await customer.SendAsync(firstMessage);
        var conversationId = await agent.ClaimAsync(name);
        await Expect(agent.Message(conversationId, firstMessage)).ToHaveCountAsync(1);
        return (agent, customer, conversationId);
    }

    private async Task CreateCannedResponseAsync(string shortCode, string content)
    {
        var token = await BrokerApi.LoginAsync(workspace.BaseUrl, "alice");
        using var http = new HttpClient { BaseAddress = workspace.BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.PostAsJsonAsync(new Uri("/api/canned-responses", UriKind.Relative), new { shortCode, content });
        response.EnsureSuccessStatusCode();
    }
}
