using CustomerChat.Web.Tests.Infrastructure;
using CustomerChat.Web.Tests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CustomerChat.Web.Tests;

/// <summary>Whatever a user types is shown as text, never run as markup, on both pages.</summary>
[Collection(WebCollection.Name)]
public sealed class MarkupSafetyTests(BrokerFixture broker, BrowserFixture browser, ITestOutputHelper output)
    : WebTestBase(broker, browser, output)
{
    private const string Payload = "<img src=x onerror=alert(1)>";

    [Fact(Timeout = 180_000)]
    public Task A_message_holding_markup_is_shown_as_text() => RunAsync(async () =>
    {
        var agentSession = await OpenAsync("alice");
        var agent = new AgentConsole(agentSession.Page);
        await agent.LoginAsync("alice");
        var customerSession = await OpenAsync("customer");
        var customer = new CustomerPage(customerSession.Page);
        var name = UniqueName("<b>Eve</b>");
        await customer.StartAsync(name);

        await customer.SendAsync(Payload);
        await Expect(agent.QueueItem(name)).ToContainTextAsync(Payload);
        var conversationId = await agent.ClaimAsync(name);
        await Expect(agent.Message(conversationId, Payload)).ToHaveCountAsync(1);
        await agent.SendAsync(conversationId, "<script>alert(2)</script>");
        await Expect(customer.Message("<script>alert(2)</script>")).ToHaveCountAsync(1);

        Assert.Equal(Payload, await customer.Message(Payload).Locator(".msg-text").TextContentAsync());
        Assert.Equal(Payload, await agent.Message(conversationId, Payload).Locator(".msg-text").TextContentAsync());
        await Expect(agent.Tab(conversationId)).ToContainTextAsync(name);
        foreach (var session in new[] { customerSession, agentSession })
        {
            await Expect(session.Page.Locator("img")).ToHaveCountAsync(0);
            await Expect(session.Page.Locator("b", new() { HasText = "Eve" })).ToHaveCountAsync(0);
            await Expect(session.Page.Locator("#messages script, .messages script")).ToHaveCountAsync(0);
            Assert.Empty(session.Dialogs);
        }

        await agent.CloseAsync(conversationId);
        Assert.Empty(customerSession.Dialogs);
        Assert.Empty(agentSession.Dialogs);
    });
}
