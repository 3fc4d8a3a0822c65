using System.Net;
using System.Text.Json;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;

namespace CustomerChat.Broker.Tests.Workspace;

/// <summary>
/// <c>/api/canned-responses</c> and <c>GET /api/conversations/{id}/suggestions</c> through a real broker:
/// rights, validation, duplicates, the whole CRUD round and ranked suggestions. Run in memory and on Redis.
/// </summary>
public abstract class CannedResponseEndpointScenarios : IAsyncLifetime
{
    private BrokerHost? _broker;
    private string _agent = "";
    private string _customer = "";

    private BrokerHost Broker => _broker!;

    /// <summary>Starts the broker under test.</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _broker = await StartBrokerAsync();
        _agent = (await Broker.LoginAsync("alice")).Token;
        _customer = (await Broker.GuestAsync("Ada")).Token;
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
    public async Task AnAgentCreatesReadsReplacesAndDeletesACannedResponse()
    {
        var created = await Api.ExpectAsync(HttpStatusCode.Created, Broker, HttpMethod.Post, "/api/canned-responses", _agent,
            new { shortCode = "refund", content = "Refunds take five working days." });
        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("cr-", id, StringComparison.Ordinal);
        Assert.Equal("refund", created.GetProperty("shortCode").GetString());
        Assert.Equal("Refunds take five working days.", created.GetProperty("content").GetString());
        Assert.Equal(3, created.EnumerateObject().Count());

        var list = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, "/api/canned-responses", _agent);
        Assert.Equal(id, Assert.Single(list.EnumerateArray()).GetProperty("id").GetString());

        var replaced = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Put, $"/api/canned-responses/{id}", _agent,
            new { shortCode = "refund-time", content = "Refunds take three working days." });
        Assert.Equal("refund-time", replaced.GetProperty("shortCode").GetString());
        var read = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, $"/api/canned-responses/{id}", _agent);
        Assert.Equal("Refunds take three working days.", read.GetProperty("content").GetString());

        await Api.ExpectAsync(HttpStatusCode.NoContent, Broker, HttpMethod.Delete, $"/api/canned-responses/{id}", _agent);
        await Api.ExpectAsync(HttpStatusCode.NotFound, Broker, HttpMethod.Get, $"/api/canned-responses/{id}", _agent);
        await Api.ExpectAsync(HttpStatusCode.NotFound, Broker, HttpMethod.Delete, $"/api/canned-responses/{id}", _agent);
        await Api.ExpectAsync(HttpStatusCode.NotFound, Broker, HttpMethod.Put, $"/api/canned-responses/{id}", _agent, new { shortCode = "x", content = "y" });
        Assert.Empty((await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, "/api/canned-responses", _agent)).EnumerateArray());
    }

    [Fact]
    public async Task CustomersGet403AndCallersWithoutAToken401OnEveryEndpoint()
    {
        var created = await Api.ExpectAsync(HttpStatusCode.Created, Broker, HttpMethod.Post, "/api/canned-responses", _agent, new { shortCode = "hello", content = "Hello!" });
        var id = created.GetProperty("id").GetString();
        var conversation = await WorkspaceSeams.ConversationWithCustomerMessageAsync(Broker, "hello");
        var body = new { shortCode = "other", content = "Other" };
        (HttpMethod Method, string Path, object? Body)[] calls =
        [
            (HttpMethod.Get, "/api/canned-responses", null),
            (HttpMethod.Get, $"/api/canned-responses/{id}", null),
            (HttpMethod.Post, "/api/canned-responses", body),
            (HttpMethod.Put, $"/api/canned-responses/{id}", body),
            (HttpMethod.Delete, $"/api/canned-responses/{id}", null),
            (HttpMethod.Get, $"/api/conversations/{conversation}/suggestions", null),
        ];
        foreach (var (method, path, payload) in calls)
        {
            await Api.ExpectAsync(HttpStatusCode.Forbidden, Broker, method, path, _customer, payload);
            await Api.ExpectAsync(HttpStatusCode.Unauthorized, Broker, method, path, null, payload);
            await Api.ExpectAsync(HttpStatusCode.Unauthorized, Broker, method, path, "not-a-token", payload);
        }

        // Nothing the refused calls carried was applied.
        var list = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, "/api/canned-responses", _agent);
        Assert.Equal("hello", Assert.Single(list.EnumerateArray()).GetProperty("shortCode").GetString());
    }

    [Theory]
    [InlineData("{\"shortCode\": \"Refund\", \"content\": \"upper case short code\"}")]
    [InlineData("{\"shortCode\": \"re fund\", \"content\": \"space in short code\"}")]
    [InlineData("{\"shortCode\": \"refund_1\", \"content\": \"underscore\"}")]
    [InlineData("{\"shortCode\": \"\", \"content\": \"empty short code\"}")]
    [InlineData("{\"shortCode\": \"abcdefghijklmnopqrstuvwxyz0123456\", \"content\": \"33 characters\"}")]
    [InlineData("{\"content\": \"no short code\"}")]
    [InlineData("{\"shortCode\": \"refund\"}")]
    [InlineData("{\"shortCode\": \"refund\", \"content\": \"   \"}")]
    [InlineData("{\"shortCode\": 7, \"content\": \"number\"}")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task AnInvalidBodyIs400(string body)
    {
        await Api.ExpectAsync(HttpStatusCode.BadRequest, Broker, HttpMethod.Post, "/api/canned-responses", _agent, body);
    }

    [Fact]
    public async Task TheLimitsThemselvesAreAccepted()
    {
        var longest = new string('x', 3999) + "😀"; // 4,000 code points, 4,001 UTF-16 units
        await Api.ExpectAsync(HttpStatusCode.Created, Broker, HttpMethod.Post, "/api/canned-responses", _agent,
            new { shortCode = "abcdefghijklmnopqrstuvwxyz-01234", content = longest });
        await Api.ExpectAsync(HttpStatusCode.BadRequest, Broker, HttpMethod.Post, "/api/canned-responses", _agent,
            new { shortCode = "too-long", content = longest + "x" });
        await Api.ExpectAsync(HttpStatusCode.Created, Broker, HttpMethod.Post, "/api/canned-responses", _agent, new { shortCode = "a", content = "b" });
    }

    [Fact]
    public async Task ADuplicateShortCodeIs409OnCreateAndOnReplace()
    {
        await Api.ExpectAsync(HttpStatusCode.Created, Broker, HttpMethod.Post, "/api/canned-responses", _agent, new { shortCode = "refund", content = "one" });
        var problem = await Api.ExpectAsync(HttpStatusCode.Conflict, Broker, HttpMethod.Post, "/api/canned-responses", _agent, new { shortCode = "refund", content = "two" });
        Assert.Equal(409, problem.GetProperty("status").GetInt32());

        var other = await Api.ExpectAsync(HttpStatusCode.Created, Broker, HttpMethod.Post, "/api/canned-responses", _agent, new { shortCode = "shipping", content = "three" });
        await Api.ExpectAsync(HttpStatusCode.Conflict, Broker, HttpMethod.Put, $"/api/canned-responses/{other.GetProperty("id").GetString()}", _agent,
            new { shortCode = "refund", content = "three" });
    }

    [Fact]
    public async Task SuggestionsRankTheCannedResponsesAgainstTheCustomersLastMessage()
    {
        foreach (var (code, content) in new[]
        {
            ("reset-password", "To reset your password, open Settings and choose Reset password."),
            ("refund", "Refunds reach your card within five working days."),
            ("shipping", "Every order ships within two days with a tracking link."),
            ("opening-hours", "We are here Monday to Friday, 9 to 5."),
            ("password-rules", "A password needs at least twelve characters."),
        })
        {
            await Api.ExpectAsync(HttpStatusCode.Created, Broker, HttpMethod.Post, "/api/canned-responses", _agent, new { shortCode = code, content });
        }

        var conversation = await WorkspaceSeams.ConversationWithCustomerMessageAsync(Broker, "Hi, I can't reset my password, what do I do?");
        var suggestions = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, $"/api/conversations/{conversation}/suggestions", _agent);
        var codes = suggestions.EnumerateArray().Select(s => s.GetProperty("shortCode").GetString()).ToList();
        Assert.Equal(["reset-password", "password-rules"], codes);
        var first = suggestions[0];
        Assert.Equal("To reset your password, open Settings and choose Reset password.", first.GetProperty("content").GetString());
        Assert.InRange(first.GetProperty("score").GetDouble(), suggestions[1].GetProperty("score").GetDouble(), 1.0);
        Assert.StartsWith("cr-", first.GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SuggestionsAreEmptyWhenNothingFitsAnd404ForAnUnknownConversation()
    {
        await Api.ExpectAsync(HttpStatusCode.Created, Broker, HttpMethod.Post, "/api/canned-responses", _agent, new { shortCode = "refund", content = "Refunds take five days." });

        var unrelated = await WorkspaceSeams.ConversationWithCustomerMessageAsync(Broker, "Wie ist das Wetter?");
        Assert.Empty((await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, $"/api/conversations/{unrelated}/suggestions", _agent)).EnumerateArray());

        var silent = await WorkspaceSeams.ConversationWithCustomerMessageAsync(Broker, "");
        Assert.Empty((await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, $"/api/conversations/{silent}/suggestions", _agent)).EnumerateArray());

        await Api.ExpectAsync(HttpStatusCode.NotFound, Broker, HttpMethod.Get, "/api/conversations/conv-unknown/suggestions", _agent);
    }

    [Fact]
    public async Task AtMostThreeSuggestionsAreReturned()
    {
        for (var i = 1; i <= 5; i++)
        {
            await Api.ExpectAsync(HttpStatusCode.Created, Broker, HttpMethod.Post, "/api/canned-responses", _agent,
                new { shortCode = $"invoice-{i}", content = $"About your invoice, answer number {i}." });
        }

        var conversation = await WorkspaceSeams.ConversationWithCustomerMessageAsync(Broker, "Where is my invoice?");
        var suggestions = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, $"/api/conversations/{conversation}/suggestions", _agent);
        Assert.Equal(["invoice-1", "invoice-2", "invoice-3"], suggestions.EnumerateArray().Select(s => s.GetProperty("shortCode").GetString()));
    }
}

/// <summary><see cref="CannedResponseEndpointScenarios"/> in memory.</summary>
public sealed class InMemoryCannedResponseEndpointTests : CannedResponseEndpointScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync() => BrokerHost.StartAsync();
}

/// <summary><see cref="CannedResponseEndpointScenarios"/> on Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisCannedResponseEndpointTests(RedisFixture redis) : CannedResponseEndpointScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync() => redis.StartBrokerAsync();
}
