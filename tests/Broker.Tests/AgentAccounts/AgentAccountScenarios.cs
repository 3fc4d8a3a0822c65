using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Workspace;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.AgentAccounts;

/// <summary>
/// <c>/api/agents</c> through a real broker (docs/protocol.md §15): rights, validation, configured accounts
/// read-only, the whole round of a stored account, its login, and what disabling and deleting do to its
/// sessions and tokens. Run in memory and on Redis. The Development broker's <c>alice</c> is an administrator,
/// <c>bob</c> is not.
/// </summary>
public abstract class AgentAccountScenarios : IAsyncLifetime
{
    private BrokerHost? _broker;

    /// <summary>The broker under test.</summary>
    protected BrokerHost Broker => _broker!;

    /// <summary>alice's token (an administrator).</summary>
    protected string Admin { get; private set; } = "";

    /// <summary>Starts the broker under test.</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _broker = await StartBrokerAsync();
        Admin = (await Broker.LoginAsync("alice")).Token;
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
    public async Task AnAdminCreatesAnAgentWhoThenLogsInAndConnects()
    {
        var created = await Api.ExpectAsync(HttpStatusCode.Created, Broker, HttpMethod.Post, "/api/agents", Admin,
            new { username = "dana", displayName = "Dana", password = "dana-secret", capacity = 3, locale = "de" });
        Assert.Equal("dana", created.GetProperty("username").GetString());
        Assert.Equal("Dana", created.GetProperty("displayName").GetString());
        Assert.Equal(3, created.GetProperty("capacity").GetInt32());
        Assert.Equal("de", created.GetProperty("locale").GetString());
        Assert.False(created.GetProperty("admin").GetBoolean());
        Assert.False(created.GetProperty("disabled").GetBoolean());
        Assert.Equal("store", created.GetProperty("source").GetString());
        Assert.False(created.TryGetProperty("password", out _));
        Assert.False(created.TryGetProperty("passwordHash", out _));

        var list = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, "/api/agents", Admin);
        var byName = list.EnumerateArray().ToDictionary(a => a.GetProperty("username").GetString()!, a => a.GetProperty("source").GetString());
        Assert.Equal(["alice", "bob", "dana"], byName.Keys.Order());
        Assert.Equal("configured", byName["alice"]);
        Assert.Equal("store", byName["dana"]);
        Assert.DoesNotContain("dana-secret", list.GetRawText(), StringComparison.Ordinal);

        var token = await Broker.LoginAsync("dana", "dana-secret");
        Assert.Equal("agent", token.Role);
        Assert.Equal("Dana", token.Name);
        await using var client = await Broker.ConnectAsync(token.Token);

        var directory = Broker.Services.GetRequiredService<AgentDirectory>();
        Assert.Equal(("dana", "Dana"), directory.Find("dana"));
        Assert.Equal("de", directory.LocaleOf("dana"));
        Assert.Equal(3, directory.Account("dana")?.Capacity);
        Assert.Contains(directory.All, a => a.Username == "dana");
    }

    [Fact]
    public async Task EveryAgentReadsItsOwnAccountAtMe_CustomersGet403()
    {
        var alice = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, "/api/agents/me", Admin);
        Assert.Equal("alice", alice.GetProperty("username").GetString());
        Assert.True(alice.GetProperty("admin").GetBoolean());
        var bob = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, "/api/agents/me", (await Broker.LoginAsync("bob")).Token);
        Assert.False(bob.GetProperty("admin").GetBoolean());
        await CreateAsync("pat", "pat-secret", new { admin = true });
        var pat = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, "/api/agents/me", (await Broker.LoginAsync("pat", "pat-secret")).Token);
        Assert.Equal("store", pat.GetProperty("source").GetString());
        Assert.True(pat.GetProperty("admin").GetBoolean());
        await Api.ExpectAsync(HttpStatusCode.Forbidden, Broker, HttpMethod.Get, "/api/agents/me", (await Broker.GuestAsync("Ada")).Token);
        await Api.ExpectAsync(HttpStatusCode.Unauthorized, Broker, HttpMethod.Get, "/api/agents/me");
    }

    [Fact]
    public async Task OnlyAdministratorsManageAccounts_OthersGet403AndCallersWithoutAToken401()
    {
        await CreateAsync("erin");
        var bob = (await Broker.LoginAsync("bob")).Token;
        var customer = (await Broker.GuestAsync("Ada")).Token;
        var body = new { username = "frank", password = "frank-secret" };
        (HttpMethod Method, string Path, object? Body)[] calls =
        [
            (HttpMethod.Get, "/api/agents", null),
            (HttpMethod.Get, "/api/agents/erin", null),
            (HttpMethod.Post, "/api/agents", body),
            (HttpMethod.Put, "/api/agents/erin", new { disabled = true }),
            (HttpMethod.Delete, "/api/agents/erin", null),
        ];
        foreach (var (method, path, payload) in calls)
        {
            await Api.ExpectAsync(HttpStatusCode.Unauthorized, Broker, method, path, null, payload);
            await Api.ExpectAsync(HttpStatusCode.Unauthorized, Broker, method, path, "not-a-token", payload);
            await Api.ExpectAsync(HttpStatusCode.Forbidden, Broker, method, path, customer, payload);
            await Api.ExpectAsync(HttpStatusCode.Forbidden, Broker, method, path, bob, payload);
        }

        // Nothing changed: erin is still enabled, frank does not exist.
        var erin = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, "/api/agents/erin", Admin);
        Assert.False(erin.GetProperty("disabled").GetBoolean());
        await Api.ExpectAsync(HttpStatusCode.NotFound, Broker, HttpMethod.Get, "/api/agents/frank", Admin);
    }

    private static readonly string[] InvalidBodies =
    [
        """{"password": "long-enough"}""",
        """{"username": "Dana", "password": "long-enough"}""",
        """{"username": "-dana", "password": "long-enough"}""",
        """{"username": "a-name-that-is-longer-than-32-chars", "password": "long-enough"}""",
        """{"username": "c-1234", "password": "long-enough"}""",
        """{"username": "bot", "password": "long-enough"}""",
        """{"username": "online", "password": "long-enough"}""",
        """{"username": "dana"}""",
        """{"username": "dana", "password": "short"}""",
        """{"username": "dana", "password": "long-enough", "displayName": "   "}""",
        """{"username": "dana", "password": "long-enough", "capacity": 101}""",
        """{"username": "dana", "password": "long-enough", "capacity": -1}""",
        """{"username": "dana", "password": "long-enough", "capacity": "3"}""",
        """{"username": "dana", "password": "long-enough", "departments": ["nowhere"]}""",
        """{"username": "dana", "password": "long-enough", "locale": "not a locale"}""",
        """{"username": "dana", "password": "long-enough", "admin": "yes"}""",
        """["dana"]""",
        """not json""",
    ];

    [Fact]
    public async Task InvalidAccountsAreRefusedWith400AndNotStored()
    {
        foreach (var body in InvalidBodies)
        {
            var problem = await Api.ExpectAsync(HttpStatusCode.BadRequest, Broker, HttpMethod.Post, "/api/agents", Admin, body);
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()), body);
        }

        var list = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, "/api/agents", Admin);
        Assert.All(list.EnumerateArray(), a => Assert.Equal("configured", a.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task ConfiguredAccountsAreReadOnlyAndUsernamesUnique()
    {
        await Api.ExpectAsync(HttpStatusCode.Conflict, Broker, HttpMethod.Put, "/api/agents/bob", Admin, new { displayName = "Robert" });
        await Api.ExpectAsync(HttpStatusCode.Conflict, Broker, HttpMethod.Delete, "/api/agents/bob", Admin);
        await Api.ExpectAsync(HttpStatusCode.Conflict, Broker, HttpMethod.Post, "/api/agents", Admin, new { username = "bob", password = "bob-secret" });
        await CreateAsync("gina");
        await Api.ExpectAsync(HttpStatusCode.Conflict, Broker, HttpMethod.Post, "/api/agents", Admin, new { username = "gina", password = "other-secret" });
        var bob = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, "/api/agents/bob", Admin);
        Assert.Equal("Bob", bob.GetProperty("displayName").GetString());
        Assert.Equal("configured", bob.GetProperty("source").GetString());
        await Api.ExpectAsync(HttpStatusCode.NotFound, Broker, HttpMethod.Put, "/api/agents/nobody", Admin, new { displayName = "X" });
        await Api.ExpectAsync(HttpStatusCode.NotFound, Broker, HttpMethod.Delete, "/api/agents/nobody", Admin);
        await Api.ExpectAsync(HttpStatusCode.BadRequest, Broker, HttpMethod.Put, "/api/agents/gina", Admin, new { username = "other" });
    }

    [Fact]
    public async Task APutKeepsAbsentFieldsAndANewPasswordReplacesTheOldOne()
    {
        await CreateAsync("hank", "hank-secret", new { capacity = 2, locale = "fr" });
        var updated = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Put, "/api/agents/hank", Admin, new { displayName = "Hank H." });
        Assert.Equal("Hank H.", updated.GetProperty("displayName").GetString());
        Assert.Equal(2, updated.GetProperty("capacity").GetInt32());
        Assert.Equal("fr", updated.GetProperty("locale").GetString());
        Assert.Equal("Hank H.", (await Broker.LoginAsync("hank", "hank-secret")).Name);

        updated = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Put, "/api/agents/hank", Admin,
            new { password = "hank-new-secret", capacity = (int?)null, admin = true });
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("capacity").ValueKind);
        Assert.True(updated.GetProperty("admin").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync("hank", "hank-secret"));
        var hank = (await Broker.LoginAsync("hank", "hank-new-secret")).Token;

        // A stored administrator manages accounts too, but cannot disable, demote or delete itself.
        await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, "/api/agents", hank);
        await Api.ExpectAsync(HttpStatusCode.Conflict, Broker, HttpMethod.Put, "/api/agents/hank", hank, new { disabled = true });
        await Api.ExpectAsync(HttpStatusCode.Conflict, Broker, HttpMethod.Put, "/api/agents/hank", hank, new { admin = false });
        await Api.ExpectAsync(HttpStatusCode.Conflict, Broker, HttpMethod.Delete, "/api/agents/hank", hank);
        Assert.True(Broker.Services.GetRequiredService<AgentDirectory>().IsAdmin("hank"));
    }

    [Fact]
    public async Task DisablingEndsTheAgentsSessionsWithAccountDisabledAndRefusesItsLoginAndTokens()
    {
        await CreateAsync("ivan", "ivan-secret");
        var token = (await Broker.LoginAsync("ivan", "ivan-secret")).Token;
        await using var first = await Broker.ConnectAsync(token);
        await using var second = await Broker.ConnectAsync(token);
        await using var alice = await Broker.ConnectAsync(Admin);

        await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Put, "/api/agents/ivan", Admin, new { disabled = true });

        foreach (var client in new[] { first, second })
        {
            var error = await client.ExpectErrorAsync();
            Assert.Equal("account disabled", error[StompHeaderNames.Message]);
            await client.WaitForCloseAsync();
        }

        // Other agents stay connected.
        await alice.AssertNothingPendingAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync("ivan", "ivan-secret"));
        await using (var again = await StompTestClient.OpenAsync(Broker.WebSocketUri))
        {
            var refused = await again.ConnectAsync(token);
            Assert.Equal(StompCommand.Error, refused.Command);
        }

        await Api.ExpectAsync(HttpStatusCode.Unauthorized, Broker, HttpMethod.Get, "/api/canned-responses", token);
        Assert.Null(Broker.Services.GetRequiredService<AgentDirectory>().Find("ivan"));
        var listed = await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Get, "/api/agents/ivan", Admin);
        Assert.True(listed.GetProperty("disabled").GetBoolean());

        // Enabled again, the agent logs in.
        await Api.ExpectAsync(HttpStatusCode.OK, Broker, HttpMethod.Put, "/api/agents/ivan", Admin, new { disabled = false });
        await using var back = await Broker.ConnectAsync((await Broker.LoginAsync("ivan", "ivan-secret")).Token);
    }

    [Fact]
    public async Task DeletingEndsTheAgentsSessionsAndTheNameCanBeCreatedAgain()
    {
        await CreateAsync("judy", "judy-secret");
        var token = (await Broker.LoginAsync("judy", "judy-secret")).Token;
        await using var client = await Broker.ConnectAsync(token);

        await Api.ExpectAsync(HttpStatusCode.NoContent, Broker, HttpMethod.Delete, "/api/agents/judy", Admin);
        Assert.Equal("account disabled", (await client.ExpectErrorAsync())[StompHeaderNames.Message]);
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync("judy", "judy-secret"));
        await Api.ExpectAsync(HttpStatusCode.Unauthorized, Broker, HttpMethod.Get, "/api/canned-responses", token);
        await Api.ExpectAsync(HttpStatusCode.NotFound, Broker, HttpMethod.Get, "/api/agents/judy", Admin);
        await Api.ExpectAsync(HttpStatusCode.NotFound, Broker, HttpMethod.Delete, "/api/agents/judy", Admin);

        await CreateAsync("judy", "judy-other-secret");
        Assert.Equal("judy", (await Broker.LoginAsync("judy", "judy-other-secret")).UserId);
    }

    /// <summary>Creates a stored account through the API.</summary>
    protected async Task CreateAsync(string username, string password = "long-enough", object? extra = null)
    {
        var body = JsonSerializer.SerializeToNode(extra ?? new { })!.AsObject();
        body["username"] = username;
        body["password"] = password;
        await Api.ExpectAsync(HttpStatusCode.Created, Broker, HttpMethod.Post, "/api/agents", Admin, body.ToJsonString());
    }

    /// <summary>The status of <c>POST /api/auth/login</c>.</summary>
    protected async Task<HttpStatusCode> LoginStatusAsync(string username, string password)
    {
        using var response = await Broker.Http.PostAsJsonAsync("api/auth/login", new { username, password });
        return response.StatusCode;
    }
}
