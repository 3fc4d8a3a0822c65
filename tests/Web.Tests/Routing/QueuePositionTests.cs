using System.Text.RegularExpressions;
using CustomerChat.Web.Tests.Infrastructure;
using CustomerChat.Web.Tests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CustomerChat.Web.Tests.Routing;

/// <summary>
/// The customer page in auto routing (docs/protocol.md §12 "Queue position"): a waiting customer reads its place in
/// the queue, and the text moves up live when the one ahead is assigned — because the agent's capacity frees, or
/// because the agent switches from away to available. Real Chromium against a real broker in auto mode.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class QueuePositionTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTestBase(browser, output)
{
    [Fact(Timeout = 180_000)]
    public async Task The_second_in_the_queue_becomes_first_live_when_the_agent_closes_a_chat_and_takes_the_first()
    {
        await using var broker = await AutoRoutingBroker.StartAsync();
        await RunAsync(async () =>
        {
            var alice = new AgentConsole((await OpenAsync("alice", broker.BaseUrl)).Page);
            await alice.LoginAsync("alice");

            // Capacity 1: the first customer takes alice's only slot.
            var served = await StartAsync("served", broker, UniqueName("Ada"));
            await Expect(served.Status).ToHaveTextAsync("You are chatting with Alice");
            var servedId = await alice.Page.Locator("#tabs [role=tab]").First.GetAttributeAsync("data-conversation-id")
                ?? throw new InvalidOperationException("the assigned conversation has no tab");

            var first = await StartAsync("first", broker, UniqueName("Grace"));
            await Expect(first.Status).ToHaveTextAsync(Position(1));
            var second = await StartAsync("second", broker, UniqueName("Linus"));
            await Expect(second.Status).ToHaveTextAsync(Position(2));

            await alice.CloseAsync(servedId);
            await Expect(first.Status).ToHaveTextAsync("You are chatting with Alice");
            await Expect(second.Status).ToHaveTextAsync(Position(1));
        });
    }

    [Fact(Timeout = 180_000)]
    public async Task The_second_in_the_queue_becomes_first_live_when_an_away_agent_becomes_available()
    {
        await using var broker = await AutoRoutingBroker.StartAsync();
        await RunAsync(async () =>
        {
            var bob = new AgentConsole((await OpenAsync("bob", broker.BaseUrl)).Page);
            await bob.LoginAsync("bob");
            var status = bob.Page.GetByLabel("Your status");
            await status.SelectOptionAsync("away");
            await Expect(bob.Page.Locator("#agents li").Filter(new() { HasText = "Bob" })).ToContainTextAsync("away");

            var first = await StartAsync("first", broker, UniqueName("Grace"));
            await Expect(first.Status).ToHaveTextAsync(Position(1));
            var second = await StartAsync("second", broker, UniqueName("Linus"));
            await Expect(second.Status).ToHaveTextAsync(Position(2));

            await status.SelectOptionAsync("available");
            await Expect(first.Status).ToHaveTextAsync("You are chatting with Bob");
            await Expect(second.Status).ToHaveTextAsync(Position(1));
        });
    }

    // "You are number N in the queue", then optionally ", about M minutes" once the queue has an estimate.
    private static Regex Position(int n) => new($"^You are number {n} in the queue(, about [0-9]+ minutes?)?$");

    private async Task<CustomerPage> StartAsync(string session, AutoRoutingBroker broker, string name)
    {
        var customer = new CustomerPage((await OpenAsync(session, broker.BaseUrl)).Page);
        await customer.Page.GotoAsync("/");
        await customer.Page.GetByLabel("Your name").FillAsync(name);
        await customer.Page.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await Expect(customer.Page.Locator("#conversation")).ToBeVisibleAsync();
        return customer;
    }
}
