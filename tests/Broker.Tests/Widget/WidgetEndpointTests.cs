using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Widget;

/// <summary><c>GET /api/widget/config</c>, <c>GET /api/departments</c> and the framing policy of <c>/widget.html</c>, on a real broker.</summary>
public sealed class WidgetEndpointTests
{
    private static readonly string[] Departments =
    [
        "CustomerChat:Departments:0:Id=sales", "CustomerChat:Departments:0:Name=Sales",
        "CustomerChat:Departments:1:Id=support", "CustomerChat:Departments:1:Name=Technical support",
    ];

    private static async Task<JsonElement> GetJsonAsync(BrokerHost broker, string path, string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        using var response = await broker.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task ConfigWithNothingConfiguredIsOpenAvailableWithDefaultsAndEnglish()
    {
        await using var broker = await BrokerHost.StartAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice"); // available means an agent is available (docs/protocol.md §12)
        var config = await GetJsonAsync(broker, "api/widget/config");
        Assert.True(config.GetProperty("open").GetBoolean());
        Assert.True(config.GetProperty("available").GetBoolean());
        Assert.Equal(JsonValueKind.Null, config.GetProperty("nextOpen").ValueKind);
        Assert.Equal(0, config.GetProperty("departments").GetArrayLength());
        var preChat = config.GetProperty("preChat");
        Assert.Equal("optional", preChat.GetProperty("name").GetString());
        Assert.Equal("optional", preChat.GetProperty("email").GetString());
        Assert.Equal("off", preChat.GetProperty("department").GetString());
        Assert.False(string.IsNullOrEmpty(config.GetProperty("offlineMessage").GetString()));
        Assert.Equal("en", config.GetProperty("locale").GetString());
    }

    [Fact]
    public async Task ConfigCarriesDepartmentsPreChatModesAndTheRequestedLanguage()
    {
        await using var broker = await BrokerHost.StartAsync([
            .. Departments,
            "CustomerChat:Widget:PreChat:Name=required", "CustomerChat:Widget:PreChat:Email=off", "CustomerChat:Widget:PreChat:Department=optional",
        ]);
        await using var alice = await ChatParty.AgentAsync(broker, "alice"); // available means an agent is available (docs/protocol.md §12)
        var config = await GetJsonAsync(broker, "api/widget/config?locale=fr-CA");
        Assert.Equal("fr", config.GetProperty("locale").GetString());
        var preChat = config.GetProperty("preChat");
        Assert.Equal("required", preChat.GetProperty("name").GetString());
        Assert.Equal("off", preChat.GetProperty("email").GetString());
        Assert.Equal("optional", preChat.GetProperty("department").GetString());
        var departments = config.GetProperty("departments").EnumerateArray().ToArray();
        Assert.Equal(["sales", "support"], departments.Select(d => d.GetProperty("id").GetString()));
        Assert.Equal("Technical support", departments[1].GetProperty("name").GetString());
        Assert.All(departments, d => Assert.True(d.GetProperty("available").GetBoolean()));

        // Without ?locale=, Accept-Language decides; an unsupported language falls back to the default.
        Assert.Equal("de", (await GetJsonAsync(broker, "api/widget/config", "it;q=0.9, de-AT;q=0.8")).GetProperty("locale").GetString());
        Assert.Equal("es", (await GetJsonAsync(broker, "api/widget/config", "es-MX")).GetProperty("locale").GetString());
        Assert.Equal("en", (await GetJsonAsync(broker, "api/widget/config?locale=ja", "ja")).GetProperty("locale").GetString());
    }

    [Fact]
    public async Task ConfigOutsideBusinessHoursIsClosedUnavailableWithTheNextOpeningAndTheOfflineMessage()
    {
        var today = DateTime.UtcNow.Date;
        await using var broker = await BrokerHost.StartAsync(
            "CustomerChat:BusinessHours:TimeZone=UTC",
            $"CustomerChat:BusinessHours:Holidays:0={today:yyyy-MM-dd}",
            $"CustomerChat:BusinessHours:Holidays:1={today.AddDays(1):yyyy-MM-dd}",
            "CustomerChat:BusinessHours:OfflineMessage=Back soon, leave a note.");
        var config = await GetJsonAsync(broker, "api/widget/config");
        Assert.False(config.GetProperty("open").GetBoolean());
        Assert.False(config.GetProperty("available").GetBoolean());
        Assert.Equal(new DateTimeOffset(today.AddDays(2), TimeSpan.Zero), config.GetProperty("nextOpen").GetDateTimeOffset());
        Assert.Equal("Back soon, leave a note.", config.GetProperty("offlineMessage").GetString());
    }

    [Fact]
    public async Task DepartmentsListsIdNameAndAvailabilityForAnyone()
    {
        await using var broker = await BrokerHost.StartAsync(Departments);
        await using var alice = await ChatParty.AgentAsync(broker, "alice"); // available means an agent is available (docs/protocol.md §12)
        using var response = await broker.Http.GetAsync("api/departments");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            """[{"id":"sales","name":"Sales","available":true},{"id":"support","name":"Technical support","available":true}]""",
            list.GetRawText());
    }

    [Fact]
    public async Task ABrokerWithADuplicateDepartmentIdDoesNotStartAndSaysWhy()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => BrokerHost.StartAsync(
            "CustomerChat:Departments:0:Id=sales", "CustomerChat:Departments:1:Id=Sales"));
        Assert.Contains("CustomerChat:Departments:1:Id 'Sales' is listed twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyWidgetHtmlMayBeFramedAndOnlyByAllowedOrigins()
    {
        await using var broker = await BrokerHost.StartAsync(
            "CustomerChat:AllowLocalhostOrigins=false",
            "CustomerChat:AllowedOrigins:0=https://shop.example",
            "CustomerChat:AllowedOrigins:1=https://www.shop.example:8443/",
            "CustomerChat:AllowedOrigins:2=https://evil.example; script-src *");
        using var widget = await broker.Http.GetAsync("widget.html");
        using var index = await broker.Http.GetAsync("index.html");
        using var script = await broker.Http.GetAsync("widget.js");
        Assert.Equal(HttpStatusCode.OK, widget.StatusCode);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);

        var widgetCsp = widget.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'self' https://shop.example https://www.shop.example:8443;", widgetCsp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", widgetCsp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", widgetCsp, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", widgetCsp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", index.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}
