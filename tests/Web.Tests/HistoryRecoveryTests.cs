using CustomerChat.Web.Tests.Infrastructure;
using CustomerChat.Web.Tests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CustomerChat.Web.Tests;

/// <summary>A reload of the customer page (and of the agent console) brings the history back exactly once.</summary>
[Collection(WebCollection.Name)]
public sealed class HistoryRecoveryTests(BrokerFixture broker, BrowserFixture browser, ITestOutputHelper output)
    : WebTestBase(broker, browser, output)
{
    [Fact(Timeout = 180_000)]
    public Task Reloading_the_customer_page_recovers_the_history_once() => RunAsync(async () =>
    {
        var agent = new AgentConsole((await OpenAsync("alice")).Page);
        await agent.LoginAsync("alice");
        var customer = new CustomerPage((await OpenAsync("customer")).Page);
        var name = UniqueName("Grace");
        await customer.StartAsync(name);

        await customer.SendAsync("first");
        await customer.SendAsync("second");
        var conversationId = await agent.ClaimAsync(name);
        await Expect(customer.Status).ToHaveTextAsync("You are chatting with Alice");
        await agent.SendAsync(conversationId, "third");
        await Expect(customer.Message("third")).ToHaveCountAsync(1);
        await Expect(customer.Messages).ToHaveCountAsync(3);

        await customer.Page.ReloadAsync();

        // Same conversation, same three messages, once each.
        await Expect(customer.Status).ToHaveTextAsync("You are chatting with Alice");
        await Expect(customer.ConnectionBanner).ToBeHiddenAsync();
        await Expect(customer.Messages).ToHaveCountAsync(3);

        // A round trip after the reload: whatever the broker replays came before this echo.
        await customer.SendAsync("fourth");
        await agent.SendAsync(conversationId, "fifth");
        await Expect(customer.Message("fifth")).ToHaveCountAsync(1);
        await Expect(customer.Messages).ToHaveCountAsync(5);
        foreach (var text in new[] { "first", "second", "third", "fourth", "fifth" })
        {
            await Expect(customer.Message(text)).ToHaveCountAsync(1);
        }

        var texts = await customer.Messages.Locator(".msg-text").AllTextContentsAsync();
        Assert.Equal(["first", "second", "third", "fourth", "fifth"], texts);
        await Expect(customer.Page.Locator("#messages .msg--pending")).ToHaveCountAsync(0);
        await Expect(agent.Messages(conversationId)).ToHaveCountAsync(5);

        // The agent console reloads too: the conversation comes back as a tab, its history once.
        await agent.Page.ReloadAsync();
        await Expect(agent.Connection).ToHaveTextAsync("Online");
        await Expect(agent.Tab(conversationId)).ToBeVisibleAsync();
        await agent.Tab(conversationId).ClickAsync();
        await Expect(agent.Messages(conversationId)).ToHaveCountAsync(5);
        await agent.SendAsync(conversationId, "sixth");
        await Expect(customer.Message("sixth")).ToHaveCountAsync(1);
        await Expect(agent.Messages(conversationId)).ToHaveCountAsync(6);
        await Expect(customer.Messages).ToHaveCountAsync(6);

        await agent.CloseAsync(conversationId);
    });
}
