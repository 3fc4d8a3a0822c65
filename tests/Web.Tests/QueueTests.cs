using CustomerChat.Web.Tests.Infrastructure;
using CustomerChat.Web.Tests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CustomerChat.Web.Tests;

/// <summary>The waiting queue is live for every agent.</summary>
[Collection(WebCollection.Name)]
public sealed class QueueTests(BrokerFixture broker, BrowserFixture browser, ITestOutputHelper output)
    : WebTestBase(broker, browser, output)
{
    [Fact(Timeout = 180_000)]
    public Task A_second_agent_sees_the_claimed_conversation_leave_the_queue() => RunAsync(async () =>
    {
        var alice = new AgentConsole((await OpenAsync("alice")).Page);
        await alice.LoginAsync("alice");
        var bob = new AgentConsole((await OpenAsync("bob")).Page);
        await bob.LoginAsync("bob");
        await Expect(alice.Page.Locator("#agents li").Filter(new() { HasText = "Bob" }).Locator(".presence-dot--online")).ToHaveCountAsync(1);

        var customer = new CustomerPage((await OpenAsync("customer")).Page);
        var name = UniqueName("Linus");
        await customer.StartAsync(name);
        await customer.SendAsync("Can someone help me?");

        await Expect(alice.QueueItem(name)).ToBeVisibleAsync();
        await Expect(bob.QueueItem(name)).ToBeVisibleAsync();
        await Expect(bob.QueueItem(name)).ToContainTextAsync("Can someone help me?");

        var conversationId = await alice.ClaimAsync(name);

        await Expect(bob.QueueItem(name)).ToHaveCountAsync(0);
        await Expect(bob.InProgressItem(name)).ToContainTextAsync("with Alice");
        await Expect(bob.Tab(conversationId)).ToHaveCountAsync(0);
        await Expect(customer.Status).ToHaveTextAsync("You are chatting with Alice");

        await alice.CloseAsync(conversationId);
        await Expect(bob.InProgressItem(name)).ToHaveCountAsync(0);
    });
}
