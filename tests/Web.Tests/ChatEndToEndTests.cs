using System.Text.Json;
using CustomerChat.Web.Tests.Infrastructure;
using CustomerChat.Web.Tests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CustomerChat.Web.Tests;

/// <summary>
/// A customer and an agent hold a whole chat in two browser contexts: the queue entry appears, the
/// agent claims it, messages go both ways with read marks, typing shows, the agent closes, the
/// customer rates and the rating is stored.
/// With <c>CUSTOMERCHAT_SCREENSHOTS=1</c> the test also saves docs/images/customer.png and
/// docs/images/agent.png for the README (any other value than 1/true/0 names the folder instead).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ChatEndToEndTests(BrokerFixture broker, BrowserFixture browser, ITestOutputHelper output)
    : WebTestBase(broker, browser, output)
{
    [Fact(Timeout = 180_000)]
    public Task Customer_and_agent_chat_from_queue_to_rating() => RunAsync(async () =>
    {
        var agentSession = await OpenAsync("alice", new ViewportSize { Width = 1280, Height = 800 });
        var agent = new AgentConsole(agentSession.Page);
        await agent.LoginAsync("alice");

        var customerSession = await OpenAsync("customer", new ViewportSize { Width = 900, Height = 820 });
        var customer = new CustomerPage(customerSession.Page);
        var name = UniqueName("Ada");
        await customer.StartAsync(name);

        // The customer writes while waiting; the queue shows the entry with the message.
        await customer.SendAsync("Hello, my order has not arrived.");
        var item = agent.QueueItem(name);
        await Expect(item).ToBeVisibleAsync();
        await Expect(item).ToContainTextAsync("Hello, my order has not arrived.");
        await Expect(item.Locator(".queue-wait")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d"));

        // Claim: the customer is told who is chatting; the agent sees the history; the customer's message is read.
        var conversationId = await agent.ClaimAsync(name);
        await Expect(item).ToHaveCountAsync(0);
        await Expect(customer.Status).ToHaveTextAsync("You are chatting with Alice");
        await Expect(agent.Message(conversationId, "Hello, my order has not arrived.")).ToHaveCountAsync(1);
        await Expect(customer.Message("Hello, my order has not arrived.").Locator(".msg-status")).ToHaveTextAsync("Read");

        // Typing, both ways.
        await customer.Composer.FillAsync("It was order 4711");
        await Expect(agent.Typing(conversationId)).ToHaveTextAsync($"{name} is typing…");
        await agent.Reply(conversationId).FillAsync("Let me check");
        await Expect(customer.Typing).ToHaveTextAsync("Alice is typing…");

        // Messages both ways with delivered and read marks.
        await agent.Reply(conversationId).PressAsync("Enter");
        await Expect(agent.Message(conversationId, "Let me check")).ToHaveCountAsync(1);
        await Expect(customer.Message("Let me check")).ToHaveCountAsync(1);
        await Expect(customer.Message("Let me check").Locator(".msg-sender")).ToHaveTextAsync("Alice");
        await Expect(agent.Message(conversationId, "Let me check").Locator(".msg-status")).ToHaveTextAsync("Read");

        await customer.Composer.PressAsync("Enter");
        await Expect(agent.Message(conversationId, "It was order 4711")).ToHaveCountAsync(1);
        await Expect(customer.Message("It was order 4711").Locator(".msg-status")).ToHaveTextAsync("Read");
        await agent.SendAsync(conversationId, "Found it: it ships today. Anything else?");
        await Expect(customer.Message("Found it: it ships today. Anything else?")).ToHaveCountAsync(1);

        if (Environment.GetEnvironmentVariable("CUSTOMERCHAT_SCREENSHOTS") is { Length: > 0 } screenshots && screenshots != "0")
        {
            var folder = screenshots is "1" or "true" ? Path.Combine(RepoPaths.Root, "docs", "images") : screenshots;
            await SaveReadmeScreenshotsAsync(customerSession.Page, agentSession.Page, folder);
        }

        // The agent closes; the customer sees the end and rates.
        await agent.CloseAsync(conversationId);
        await Expect(customer.Status).ToHaveTextAsync("The chat has ended");
        await Expect(customer.RatingForm).ToBeVisibleAsync();
        await customer.Page.Locator("label[for='score-4']").ClickAsync();
        await customer.Page.GetByLabel("Anything to add?").FillAsync("Quick and friendly");
        await customer.Page.GetByRole(AriaRole.Button, new() { Name = "Send rating" }).ClickAsync();
        await Expect(customer.Page.GetByText("Thanks for your feedback!")).ToBeVisibleAsync();
        await Expect(customer.RatingForm).ToBeHiddenAsync();
        await Expect(agent.Panel(conversationId).Locator(".panel-rating")).ToContainTextAsync("4/5");

        // The rating is stored: GET /api/conversations as an agent.
        var token = await BrokerApi.LoginAsync(Broker.BaseUrl, "alice");
        var conversation = await BrokerApi.GetConversationAsync(Broker.BaseUrl, token, conversationId);
        Assert.NotNull(conversation);
        var rating = conversation.Value.GetProperty("rating");
        Assert.Equal(JsonValueKind.Object, rating.ValueKind);
        Assert.Equal(4, rating.GetProperty("score").GetInt32());
        Assert.Equal("Quick and friendly", rating.GetProperty("comment").GetString());
        Assert.Equal("closed", conversation.Value.GetProperty("state").GetString());
    });

    private async Task SaveReadmeScreenshotsAsync(IPage customerPage, IPage agentPage, string folder)
    {
        Directory.CreateDirectory(folder);
        // Let the message list settle at the bottom and no caret blink into the picture.
        await customerPage.Locator("#composer-input").BlurAsync();
        await customerPage.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "customer.png"), Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
        await agentPage.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "agent.png"), Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
        Output.WriteLine($"README screenshots saved in {folder}");
    }
}
