using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Widget;

/// <summary><c>POST /api/auth/guest</c> with the pre-chat fields <c>email</c>, <c>department</c> and <c>locale</c>.</summary>
public sealed class GuestProfileTests : IAsyncLifetime
{
    private BrokerHost _broker = null!;

    public async Task InitializeAsync() =>
        _broker = await BrokerHost.StartAsync("CustomerChat:Departments:0:Id=sales", "CustomerChat:Departments:0:Name=Sales");

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task GuestFieldsComeBackInTheResponseAndAsClaimsOfTheToken()
    {
        using var response = await _broker.Http.PostAsJsonAsync("api/auth/guest", new { name = "Ada", email = " ada@example.com ", department = "SALES", locale = "de-AT" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("customer", json.GetProperty("role").GetString());
        Assert.Equal("Ada", json.GetProperty("name").GetString());
        Assert.StartsWith("c-", json.GetProperty("userId").GetString(), StringComparison.Ordinal);
        Assert.Equal("ada@example.com", json.GetProperty("email").GetString());
        Assert.Equal("sales", json.GetProperty("department").GetString()); // the configured spelling
        Assert.Equal("de-AT", json.GetProperty("locale").GetString());

        var identity = await _broker.Services.GetRequiredService<TokenService>().ValidateAsync(json.GetProperty("token").GetString());
        Assert.NotNull(identity);
        Assert.Equal("ada@example.com", identity.Email);
        Assert.Equal("sales", identity.Department);
        Assert.Equal("de-AT", identity.Locale);
    }

    [Fact]
    public async Task AGuestWithoutTheFieldsHasNullsAndTheOldFieldsStay()
    {
        using var response = await _broker.Http.PostAsJsonAsync("api/auth/guest", new { email = "", department = " " });
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Guest", json.GetProperty("name").GetString());
        foreach (var field in new[] { "token", "userId", "role", "expiresAt" })
        {
            Assert.Equal(JsonValueKind.String, json.GetProperty(field).ValueKind);
        }

        foreach (var field in new[] { "email", "department", "locale" })
        {
            Assert.Equal(JsonValueKind.Null, json.GetProperty(field).ValueKind);
        }

        var identity = await _broker.Services.GetRequiredService<TokenService>().ValidateAsync(json.GetProperty("token").GetString());
        Assert.NotNull(identity);
        Assert.Null(identity.Email);
        Assert.Null(identity.Department);
        Assert.Null(identity.Locale);
    }

    [Theory]
    [InlineData("{\"email\":\"not-an-address\"}", "Invalid email")]
    [InlineData("{\"email\":\"a b@example.com\"}", "Invalid email")]
    [InlineData("{\"email\":\"ada@localhost\"}", "Invalid email")]
    [InlineData("{\"department\":\"billing\"}", "Unknown department")]
    [InlineData("{\"locale\":\"english please\"}", "Invalid locale")]
    public async Task AMalformedEmailAnUnknownDepartmentOrABadLocaleIsA400Problem(string body, string title)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _broker.Http.PostAsync("api/auth/guest", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
    }
}
