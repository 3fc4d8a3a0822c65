using System.Net;
using System.Text.Json;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;
using CustomerChat.Broker.Tests.Workspace;

namespace CustomerChat.Broker.Tests.Tickets;

/// <summary>
/// The ticket API through a real broker: the shape, rights, validation, every transition over HTTP (409s),
/// filters and the customer's own view. Run in memory and on Redis.
/// </summary>
public abstract class TicketEndpointScenarios : IAsyncLifetime
{
    private BrokerHost? _broker;
    private string _agent = "";
    private string _customer = "";
    private string _customerId = "";

    private BrokerHost Broker => _broker!;

    /// <summary>Starts the broker under test.</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _broker = await StartBrokerAsync();
        _agent = (await Broker.LoginAsync("alice")).Token;
        var guest = await Broker.GuestAsync("Ada");
        (_customer, _customerId) = (guest.Token, guest.UserId);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnAgentOpensATicketFromAConversationAndGetsTheFullShape()
    {
        var conversation = await TicketSeams.ConversationOfAsync(Broker, _customerId);
        using var response = await Api.SendAsync(Broker, HttpMethod.Post, "/api/tickets", _agent,
            new { conversationId = conversation, subject = "  Refund for order 42  ", description = "Customer was charged twice." });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ticket = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var id = ticket.GetProperty("id").GetString()!;
        Assert.Equal($"/api/tickets/{id}", response.Headers.Location?.OriginalString);

        Assert.Equal(
            ["id", "subject", "description", "status", "priority", "conversationId", "customerId", "assignee", "createdAt", "updatedAt"],
            ticket.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Refund for order 42", ticket.GetProperty("subject").GetString());
        Assert.Equal("Customer was charged twice.", ticket.GetProperty("description").GetString());
        Assert.Equal("open", ticket.GetProperty("status").GetString());
        Assert.Equal("normal", ticket.GetProperty("priority").GetString());
        Assert.Equal(conversation, ticket.GetProperty("conversationId").GetString());
        Assert.Equal(_customerId, ticket.GetProperty("customerId").GetString());
        Assert.Equal(JsonValueKind.Null, ticket.GetProperty("assignee").ValueKind);
        Assert.Equal(ticket.GetProperty("createdAt").GetDateTimeOffset(), ticket.GetProperty("updatedAt").GetDateTimeOffset());

        var read = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, $"/api/tickets/{id}", _agent);
        Assert.Equal(ticket.GetRawText(), read.GetRawText());
    }

    [Fact]
    public async Task ATicketWithoutAConversationHasNoCustomer()
    {
        var ticket = await Api.ExpectAsync(HttpStatusCode.Created, Broker, HttpMethod.Post, "/api/tickets", _agent, new { subject = "Update the FAQ", priority = "low" });
        Assert.Equal(JsonValueKind.Null, ticket.GetProperty("conversationId").ValueKind);
        Assert.Equal(JsonValueKind.Null, ticket.GetProperty("customerId").ValueKind);
        Assert.Equal(JsonValueKind.Null, ticket.GetProperty("description").ValueKind);
        Assert.Equal("low", ticket.GetProperty("priority").GetString());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"subject\": \"   \"}")]
    [InlineData("{\"subject\": 5}")]
    [InlineData("{\"subject\": \"ok\", \"priority\": \"urgent\"}")]
    [InlineData("{\"subject\": \"ok\", \"priority\": \"HIGH\"}")]
    [InlineData("{\"subject\": \"ok\", \"conversationId\": \"conv-unknown\"}")]
    [InlineData("{\"subject\": \"ok\", \"conversationId\": \"\"}")]
    [InlineData("[\"subject\"]")]
    [InlineData("not json")]
    public async Task AnInvalidTicketIs400AndNothingIsCreated(string body)
    {
        await Api.ExpectAsync(HttpStatusCode.BadRequest, Broker, HttpMethod.Post, "/api/tickets", _agent, body);
        Assert.Empty((await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, "/api/tickets", _agent)).EnumerateArray());
    }

    [Fact]
    public async Task SubjectAndDescriptionLimitsHold()
    {
        await Api.ExpectAsync(HttpStatusCode.Created, Broker, HttpMethod.Post, "/api/tickets", _agent,
            new { subject = new string('s', 200), description = new string('d', 10_000) });
        await Api.ExpectAsync(HttpStatusCode.BadRequest, Broker, HttpMethod.Post, "/api/tickets", _agent, new { subject = new string('s', 201) });
        await Api.ExpectAsync(HttpStatusCode.BadRequest, Broker, HttpMethod.Post, "/api/tickets", _agent,
            new { subject = "ok", description = new string('d', 10_001) });
    }

    [Fact]
    public async Task CustomersMayNotManageTicketsAndCallersWithoutCredentialsGet401()
    {
        var id = await CreateAsync("Existing");
        (HttpMethod Method, string Path, object? Body)[] managing =
        [
            (HttpMethod.Post, "/api/tickets", new { subject = "by a customer" }),
            (HttpMethod.Patch, $"/api/tickets/{id}", new { status = "in_progress" }),
            (HttpMethod.Get, "/api/tickets", null),
        ];
        foreach (var (method, path, body) in managing)
        {
            await Api.ExpectAsync(HttpStatusCode.Forbidden, Broker, method, path, _customer, body);
        }

        foreach (var (method, path, body) in managing.Append((HttpMethod.Get, $"/api/tickets/{id}", null)).Append((HttpMethod.Get, "/api/me/tickets", null)))
        {
            await Api.ExpectAsync(HttpStatusCode.Unauthorized, Broker, method, path, null, body);
            await Api.ExpectAsync(HttpStatusCode.Unauthorized, Broker, method, path, "forged", body);
        }

        var tickets = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, "/api/tickets", _agent);
        var only = Assert.Single(tickets.EnumerateArray());
        Assert.Equal("open", only.GetProperty("status").GetString());
    }

    [Fact]
    public async Task EveryTransitionOverHttpIsAllowedOrRefusedWith409()
    {
        var id = await CreateAsync("Life cycle");
        async Task Patch(HttpStatusCode expected, string status, string after)
        {
            var body = await Api.ExpectAsync(expected, Broker, HttpMethod.Patch, $"/api/tickets/{id}", _agent, new { status });
            if (expected == HttpStatusCode.Conflict)
            {
                Assert.Equal(409, body.GetProperty("status").GetInt32());
            }

            var read = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, $"/api/tickets/{id}", _agent);
            Assert.Equal(after, read.GetProperty("status").GetString());
        }

        await Patch(HttpStatusCode.Conflict, "resolved", "open");
        await Patch(HttpStatusCode.OK, "open", "open");
        await Patch(HttpStatusCode.OK, "in_progress", "in_progress");
        await Patch(HttpStatusCode.Conflict, "open", "in_progress");
        await Patch(HttpStatusCode.OK, "in_progress", "in_progress");
        await Patch(HttpStatusCode.OK, "resolved", "resolved");
        await Patch(HttpStatusCode.Conflict, "in_progress", "resolved");
        await Patch(HttpStatusCode.OK, "resolved", "resolved");
        await Patch(HttpStatusCode.OK, "open", "open");
    }

    [Fact]
    public async Task APatchChangesOnlyTheFieldsItNamesAndUpdatedAtMoves()
    {
        var id = await CreateAsync("Fields");
        var before = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, $"/api/tickets/{id}", _agent);
        var after = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Patch, $"/api/tickets/{id}", _agent, new { assignee = "bob", priority = "high" });

        Assert.Equal("bob", after.GetProperty("assignee").GetString());
        Assert.Equal("high", after.GetProperty("priority").GetString());
        Assert.Equal("open", after.GetProperty("status").GetString());
        Assert.Equal(before.GetProperty("createdAt").GetDateTimeOffset(), after.GetProperty("createdAt").GetDateTimeOffset());
        Assert.True(after.GetProperty("updatedAt").GetDateTimeOffset() >= before.GetProperty("updatedAt").GetDateTimeOffset());

        var unassigned = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Patch, $"/api/tickets/{id}", _agent, "{\"assignee\": null}");
        Assert.Equal(JsonValueKind.Null, unassigned.GetProperty("assignee").ValueKind);
        Assert.Equal("high", unassigned.GetProperty("priority").GetString());
    }

    [Theory]
    [InlineData("{\"status\": \"closed\"}")]
    [InlineData("{\"status\": null}")]
    [InlineData("{\"priority\": \"urgent\"}")]
    [InlineData("{\"assignee\": \"mallory\"}")]
    [InlineData("{\"assignee\": 42}")]
    [InlineData("\"in_progress\"")]
    [InlineData("not json")]
    public async Task AnInvalidPatchIs400AndChangesNothing(string body)
    {
        var id = await CreateAsync("Unchanged");
        var before = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, $"/api/tickets/{id}", _agent);
        await Api.ExpectAsync(HttpStatusCode.BadRequest, Broker, HttpMethod.Patch, $"/api/tickets/{id}", _agent, body);
        var after = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, $"/api/tickets/{id}", _agent);
        Assert.Equal(before.GetRawText(), after.GetRawText());
    }

    [Fact]
    public async Task AnUnknownTicketIs404()
    {
        await Api.ExpectAsync(HttpStatusCode.NotFound, Broker, HttpMethod.Patch, "/api/tickets/t-unknown", _agent, new { status = "in_progress" });
        await Api.ExpectAsync(HttpStatusCode.NotFound, Broker, HttpMethod.Get, "/api/tickets/t-unknown", _agent);
    }

    [Fact]
    public async Task TheListFiltersByStatusAndAssignee()
    {
        var a = await CreateAsync("A");
        var b = await CreateAsync("B");
        await CreateAsync("C");
        await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Patch, $"/api/tickets/{a}", _agent, new { status = "in_progress", assignee = "bob" });
        await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Patch, $"/api/tickets/{b}", _agent, new { assignee = "bob" });

        async Task<string[]> Subjects(string query) =>
            [.. (await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, "/api/tickets" + query, _agent)).EnumerateArray().Select(t => t.GetProperty("subject").GetString()!)];

        Assert.Equal(["A", "B", "C"], await Subjects(""));
        Assert.Equal(["B", "C"], await Subjects("?status=open"));
        Assert.Equal(["A", "B"], await Subjects("?assignee=bob"));
        Assert.Equal(["A"], await Subjects("?status=in_progress&assignee=bob"));
        Assert.Empty(await Subjects("?status=resolved"));
        await Api.ExpectAsync(HttpStatusCode.BadRequest, Broker, HttpMethod.Get, "/api/tickets?status=closed", _agent);
    }

    [Fact]
    public async Task ACustomerSeesItsOwnTicketsAndNoOneElses()
    {
        var mine = await CreateAsync("Mine", await TicketSeams.ConversationOfAsync(Broker, _customerId));
        var other = await Broker.GuestAsync("Eve");
        var theirs = await CreateAsync("Theirs", await TicketSeams.ConversationOfAsync(Broker, other.UserId));
        await CreateAsync("Internal");

        var list = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, "/api/me/tickets", _customer);
        Assert.Equal([mine], list.EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, $"/api/tickets/{mine}", _customer);

        // Someone else's ticket and a ticket that does not exist look alike.
        var foreign = await Api.ExpectAsync(HttpStatusCode.NotFound, Broker, HttpMethod.Get, $"/api/tickets/{theirs}", _customer);
        var missing = await Api.ExpectAsync(HttpStatusCode.NotFound, Broker, HttpMethod.Get, "/api/tickets/t-missing", _customer);
        Assert.Equal(foreign.GetProperty("title").GetString(), missing.GetProperty("title").GetString());
    }

    [Fact]
    public async Task AnAgentsOwnListHoldsTheTicketsAssignedToIt()
    {
        var a = await CreateAsync("For alice");
        await CreateAsync("For nobody");
        await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Patch, $"/api/tickets/{a}", _agent, new { assignee = "alice" });

        var list = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, "/api/me/tickets", _agent);
        Assert.Equal([a], list.EnumerateArray().Select(t => t.GetProperty("id").GetString()));
    }

    private async Task<string> CreateAsync(string subject, string? conversationId = null)
    {
        var ticket = await Api.ExpectAsync(HttpStatusCode.Created, Broker, HttpMethod.Post, "/api/tickets", _agent, new { subject, conversationId });
        return ticket.GetProperty("id").GetString()!;
    }
}

/// <summary><see cref="TicketEndpointScenarios"/> in memory.</summary>
public sealed class InMemoryTicketEndpointTests : TicketEndpointScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync() => BrokerHost.StartAsync();
}

/// <summary><see cref="TicketEndpointScenarios"/> on Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisTicketEndpointTests(RedisFixture redis) : TicketEndpointScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync() => redis.StartBrokerAsync();
}
