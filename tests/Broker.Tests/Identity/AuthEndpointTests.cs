using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Stomp;

namespace CustomerChat.Broker.Tests.Identity;

/// <summary><c>POST /api/auth/guest</c> and <c>POST /api/auth/login</c> (docs/protocol.md §9).</summary>
public sealed class AuthEndpointTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private BrokerHost Broker => fixture.Broker;

    [Fact]
    public async Task LoginWithWrongPasswordAndWithUnknownUserGiveTheSame401()
    {
        using var wrongPassword = await Broker.Http.PostAsJsonAsync("api/auth/login", new { username = "alice", password = "nope" });
        using var unknownUser = await Broker.Http.PostAsJsonAsync("api/auth/login", new { username = "mallory", password = "demo" });
        using var missingFields = await Broker.Http.PostAsJsonAsync("api/auth/login", new { });
        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownUser.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missingFields.StatusCode);

        // The bodies differ only in the per-request trace id: nothing says which part was wrong.
        var a = await WithoutTraceIdAsync(wrongPassword);
        var b = await WithoutTraceIdAsync(unknownUser);
        var c = await WithoutTraceIdAsync(missingFields);
        Assert.Equal(a, b);
        Assert.Equal(a, c);
        Assert.DoesNotContain("password", a.Replace("username or password", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task LoginReturnsAnAgentTokenWithTheAgreedShape()
    {
        using var response = await Broker.Http.PostAsJsonAsync("api/auth/login", new { username = "bob", password = "demo" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("bob", json.GetProperty("userId").GetString());
        Assert.Equal("agent", json.GetProperty("role").GetString());
        Assert.Equal("Bob", json.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("token").GetString()));
        var expiresAt = json.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task GuestWithANameLongerThan80CharactersIs400()
    {
        using var tooLong = await Broker.Http.PostAsJsonAsync("api/auth/guest", new { name = new string('x', 81) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);

        using var longest = await Broker.Http.PostAsJsonAsync("api/auth/guest", new { name = new string('x', 80) });
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
    }

    [Fact]
    public async Task GuestWithoutANameIsAGuestCustomer()
    {
        using var response = await Broker.Http.PostAsJsonAsync("api/auth/guest", new { });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("customer", json.GetProperty("role").GetString());
        Assert.StartsWith("c-", json.GetProperty("userId").GetString());
        Assert.True(Guid.TryParse(json.GetProperty("userId").GetString()![2..], out _));
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("name").GetString()));
    }

    private static async Task<string> WithoutTraceIdAsync(HttpResponseMessage response)
    {
        var node = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        node.Remove("traceId");
        return node.ToJsonString();
    }
}
