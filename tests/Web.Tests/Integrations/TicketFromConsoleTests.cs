using System.Net.Http.Headers;
using System.Text.Json;
using CustomerChat.Web.Tests.Infrastructure;
using CustomerChat.Web.Tests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CustomerChat.Web.Tests.Integrations;

/// <summary>
/// The agent console opens a ticket from a conversation (docs/protocol.md §17): the panel's "Open ticket" form posts
/// <c>POST /api/tickets</c> with the conversation, the console says which ticket it opened, and the ticket exists with
/// that conversation, its customer, status <c>open</c> and the subject typed.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class TicketFromConsoleTests(BrokerFixture broker, BrowserFixture browser, ITestOutputHelper output)
    : WebTestBase(broker, browser, output)
{
    [Fact(Timeout = 180_000)]
    public Task An_agent_opens_a_ticket_from_a_conversation_in_the_console() => RunAsync(async () =>
    {
        var agent = new AgentConsole((await OpenAsync("alice")).Page);
        await agent.LoginAsync("alice");
        var customer = new CustomerPage((await OpenAsync("customer")).Page);
        var name = UniqueName("Ada");
        await customer.StartAsync(name);
        await customer.SendAsync("I was charged twice.");
        var conversationId = await agent.ClaimAsync(name);

        var panel = agent.Panel(conversationId);
        var subject = "Refund " + Guid.NewGuid().ToString("N")[..6];
        await panel.GetByRole(AriaRole.Button, new() { Name = "Open ticket" }).ClickAsync();
        await panel.GetByLabel("Ticket subject").FillAsync(subject);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        var said = panel.GetByRole(AriaRole.Status).Filter(new() { HasText = $"opened: {subject}" });
        await Expect(said).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($"^Ticket t-[0-9a-f]{{32}} opened: {subject}$"));
        var ticketId = System.Text.RegularExpressions.Regex.Match(await said.InnerTextAsync(), "t-[0-9a-f]{32}").Value;

        var token = await BrokerApi.LoginAsync(Broker.BaseUrl, "alice");
        using var http = new HttpClient { BaseAddress = Broker.BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var ticket = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/tickets/{ticketId}", UriKind.Relative)));
        Assert.Equal(subject, ticket.RootElement.GetProperty("subject").GetString());
        Assert.Equal(conversationId, ticket.RootElement.GetProperty("conversationId").GetString());
        Assert.Equal("open", ticket.RootElement.GetProperty("status").GetString());
        Assert.StartsWith("c-", ticket.RootElement.GetProperty("customerId").GetString());
    });
}
