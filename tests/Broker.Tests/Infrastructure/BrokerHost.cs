using System.Net.Http.Json;
using System.Text.Json;
using CustomerChat.Broker.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CustomerChat.Broker.Tests.Infrastructure;

/// <summary>
/// A real broker on real Kestrel, bound to a free loopback port (port 0), in Development with the demo
/// agents <c>alice</c> and <c>bob</c>. Settings are configuration keys, e.g. <c>"CustomerChat:Heartbeat:Grace=00:00:01"</c>.
/// </summary>
public sealed class BrokerHost : IAsyncDisposable
{
    /// <summary>The signing key tests share, so a test can mint its own tokens (expired, wrong audience…).</summary>
    public const string SigningKey = "test-signing-key-0123456789-abcdefghijklmnop";

    private readonly WebApplication _app;

    private BrokerHost(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseUri { get; }

    /// <summary>ws://127.0.0.1:PORT/ws</summary>
    public Uri WebSocketUri => new($"ws://{BaseUri.Authority}/ws");

    /// <summary>An HTTP client for the API.</summary>
    public HttpClient Http { get; }

    /// <summary>The host's services, for white-box checks (e.g. subscription counts).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a broker with extra settings (<c>key=value</c>).</summary>
    public static Task<BrokerHost> StartAsync(params string[] settings) => StartAsync(configureServices: null, settings);

    /// <summary>Starts a broker whose services <paramref name="configureServices"/> may replace (e.g. the clock).</summary>
    public static async Task<BrokerHost> StartAsync(Action<IServiceCollection>? configureServices, params string[] settings)
    {
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            "--environment", "Development",
            $"--CustomerChat:Auth:SigningKey={SigningKey}",
            "--Serilog:MinimumLevel:Default=Warning",
            "--CustomerChat:Limits:AuthRequestsPerMinutePerAddress=100000",
            // The suites written before routing claim by hand; routing's own suite passes Mode=auto (later keys win).
            "--CustomerChat:Routing:Mode=manual",
        };
        args.AddRange(settings.Select(s => "--" + s));
        var app = BrokerApp.Build([.. args], configureServices);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BrokerHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>A customer token from <c>POST /api/auth/guest</c>.</summary>
    public async Task<TokenInfo> GuestAsync(string? name = "Ada")
    {
        using var response = await Http.PostAsJsonAsync("api/auth/guest", new { name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenInfo>(JsonOptions))!;
    }

    /// <summary>An agent token from <c>POST /api/auth/login</c> (demo password <c>demo</c>).</summary>
    public async Task<TokenInfo> LoginAsync(string username = "alice", string password = "demo")
    {
        using var response = await Http.PostAsJsonAsync("api/auth/login", new { username, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenInfo>(JsonOptions))!;
    }

    /// <summary>Opens a WebSocket and sends CONNECT with the token; returns the client after CONNECTED.</summary>
    public async Task<StompTestClient> ConnectAsync(string token, string heartbeat = "0,0", string acceptVersion = "1.2")
    {
        var client = await StompTestClient.OpenAsync(WebSocketUri);
        var connected = await client.ConnectAsync(token, heartbeat, acceptVersion);
        Assert.Equal(Protocol.StompCommand.Connected, connected.Command);
        return client;
    }

    /// <summary>Logs in (agent) or gets a guest token (customer) and connects.</summary>
    public async Task<(StompTestClient Client, TokenInfo Token)> ConnectAgentAsync(string username = "alice")
    {
        var token = await LoginAsync(username);
        return (await ConnectAsync(token.Token), token);
    }

    /// <summary>Gets a guest token and connects.</summary>
    public async Task<(StompTestClient Client, TokenInfo Token)> ConnectCustomerAsync(string name = "Ada")
    {
        var token = await GuestAsync(name);
        return (await ConnectAsync(token.Token), token);
    }

    /// <summary>Options for reading the API's camelCase JSON.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await _app.StopAsync(cts.Token);
        }

        await _app.DisposeAsync();
    }
}

/// <summary>The auth endpoints' answer.</summary>
public sealed record TokenInfo(string Token, string UserId, string Role, string Name, DateTimeOffset ExpiresAt);
