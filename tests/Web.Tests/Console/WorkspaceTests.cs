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
/// the console and never reaches the customer's page; an invitation link opened in a second browser context joins
/// the visitor to the inviting agent's conversation.
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

    [Fact(Timeout = 180_000)]
    public Task An_invitation_link_opened_in_a_second_browser_joins_the_visitor_to_the_agents_conversation() => RunAsync(async () =>
    {
        // alice is busy in an active conversation when she invites someone else.
        var (agent, customer, busyConversation) = await StartConversationAsync("I have a question about my invoice.");
        var invitee = UniqueName("Ines");
        const string opening = "Hello Ines, this is Alice from support about your order.";

        await agent.Page.GetByRole(AriaRole.Button, new() { Name = "Invite customer" }).ClickAsync();
        var dialog = agent.Page.GetByRole(AriaRole.Dialog, new() { Name = "Invite a customer" });
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel("Customer name").FillAsync(invitee);
        await dialog.GetByLabel("First message (optional)").FillAsync(opening);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create invitation" }).ClickAsync();
        var link = dialog.GetByLabel("Invitation link");
        await Expect(link).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"/\?invitation=[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+$"));
        var url = await link.InputValueAsync();
        Assert.StartsWith(workspace.BaseUrl.GetLeftPart(UriPartial.Authority) + "/", url, StringComparison.Ordinal);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        // The invited conversation is alice's at once: its tab opens with the first message; she adds one more line.
        var tab = agent.Page.Locator("#tabs [role=tab]").Filter(new() { HasText = invitee });
        await Expect(tab).ToHaveCountAsync(1);
        var invited = await tab.GetAttributeAsync("data-conversation-id") ?? throw new InvalidOperationException("tab without a conversation id");
        Assert.NotEqual(busyConversation, invited);
        await tab.ClickAsync();
        await Expect(agent.Panel(invited)).ToBeVisibleAsync();
        await Expect(agent.Message(invited, opening)).ToHaveCountAsync(1);
        await agent.SendAsync(invited, "The replacement ships tomorrow.");

        // A fresh visitor (a second browser context, no stored session) opens the link: it is that conversation's
        // customer, sees its history, and the link's token leaves the address bar.
        var visitorSession = await OpenAsync("visitor", workspace.BaseUrl);
        var visitor = new CustomerPage(visitorSession.Page);
        await visitor.Page.GotoAsync(url);
        await Expect(visitor.Page.Locator("#conversation")).ToBeVisibleAsync();
        await Expect(visitor.Message(opening)).ToHaveCountAsync(1);
        await Expect(visitor.Message("The replacement ships tomorrow.")).ToHaveCountAsync(1);
        Assert.DoesNotContain("invitation=", visitor.Page.Url, StringComparison.Ordinal);

        // Both ways.
        await visitor.SendAsync("Thank you, I will be at home.");
        await Expect(agent.Message(invited, "Thank you, I will be at home.")).ToHaveCountAsync(1);
        await agent.SendAsync(invited, "Perfect, anything else?");
        await Expect(visitor.Message("Perfect, anything else?")).ToHaveCountAsync(1);

        // The other customer's chat saw none of it.
        await Expect(customer.Page.GetByText(opening)).ToHaveCountAsync(0);
        await Expect(customer.Page.GetByText("Perfect, anything else?")).ToHaveCountAsync(0);
        await Expect(agent.Message(busyConversation, "Thank you, I will be at home.")).ToHaveCountAsync(0);
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
