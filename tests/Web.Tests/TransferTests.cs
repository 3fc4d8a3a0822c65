using CustomerChat.Web.Tests.Infrastructure;
using CustomerChat.Web.Tests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CustomerChat.Web.Tests;

/// <summary>An agent hands a conversation to another online agent, who gets it with its history.</summary>
[Collection(WebCollection.Name)]
public sealed class TransferTests(BrokerFixture broker, BrowserFixture browser, ITestOutputHelper output)
    : WebTestBase(broker, browser, output)
{
    [Fact(Timeout = 180_000)]
    public Task An_agent_transfers_a_conversation_to_an_online_agent() => RunAsync(async () =>
    {
        var alice = new AgentConsole((await OpenAsync("alice")).Page);
        await alice.LoginAsync("alice");
        var bob = new AgentConsole((await OpenAsync("bob")).Page);
        await bob.LoginAsync("bob");

        var customer = new CustomerPage((await OpenAsync("customer")).Page);
        var name = UniqueName("Katherine");
        await customer.StartAsync(name);
        await customer.SendAsync("A question about my invoice");
        var conversationId = await alice.ClaimAsync(name);
        await alice.SendAsync(conversationId, "Bob knows invoices best, one moment");

        var select = alice.Panel(conversationId).GetByLabel("Transfer to");
        await Expect(select.Locator("option", new() { HasText = "Bob" })).ToHaveCountAsync(1);
        await select.SelectOptionAsync(new SelectOptionValue { Label = "Bob" });
        await alice.Panel(conversationId).GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }).ClickAsync();

        await Expect(customer.Status).ToHaveTextAsync("You are chatting with Bob");
        await Expect(alice.Panel(conversationId).Locator(".panel-sub")).ToContainTextAsync("Transferred to Bob");
        await Expect(alice.Reply(conversationId)).ToBeHiddenAsync();

        await Expect(bob.Tab(conversationId)).ToBeVisibleAsync();
        await bob.Tab(conversationId).ClickAsync();
        await Expect(bob.Message(conversationId, "A question about my invoice")).ToHaveCountAsync(1);
        await Expect(bob.Message(conversationId, "Bob knows invoices best, one moment")).ToHaveCountAsync(1);
        await bob.SendAsync(conversationId, "Hi, Bob here");
        await Expect(customer.Message("Hi, Bob here")).ToHaveCountAsync(1);
        await Expect(customer.Message("Hi, Bob here").Locator(".msg-sender")).ToHaveTextAsync("Bob");

        await bob.CloseAsync(conversationId);
        await Expect(customer.Status).ToHaveTextAsync("The chat has ended");
    });
}
