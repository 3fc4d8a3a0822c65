using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerChat.Bench;

namespace CustomerChat.WebhookBench;

/// <summary>
/// The broker under test, <c>dotnet CustomerChat.Broker.dll</c> in Development (demo agents; <c>alice</c> is an admin;
/// managed webhooks may reach loopback) on a free loopback port, with the chat's per-connection and per-address limits
/// lifted so the bench is not throttled, and its own log settings unless told. With a Redis address it runs in Redis mode.
/// </summary>
internal sealed class Broker : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private string? _adminToken;

    private Broker(ChildProcess process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUri { get; }

    public Uri WebSocketUri => new($"ws://{BaseUri.Authority}/ws");

    public HttpClient Http { get; }

    public ChildProcess Process => _process;

    public static async Task<Broker> StartAsync(string dll, string? redis, int workers, string? logLevel)
    {
        var port = ChildProcess.FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        string[] arguments =
        [
            dll, "--urls", $"http://127.0.0.1:{port}", "--environment", "Development",
            "--CustomerChat:Routing:Mode", "manual",
            "--CustomerChat:WebhookDelivery:WorkersPerEndpoint", workers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. logLevel is null ? Array.Empty<string>() : ["--Logging:LogLevel:Default", logLevel],
            .. redis is null ? Array.Empty<string>() : ["--CustomerChat:Redis:Configuration", redis],
        ];
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["CustomerChat__Limits__AuthRequestsPerMinutePerAddress"] = "1000000",
            ["CustomerChat__Limits__MaxConnectionsPerAddress"] = "100000",
            ["CustomerChat__Limits__SendsPerSecondPerConnection"] = "100000",
        };
        var process = ChildProcess.Start("dotnet", arguments, environment);
        var broker = new Broker(process, baseUri);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("The broker exited:\n" + process.Tail());
            }

            try
            {
                using var live = await broker.Http.GetAsync("health/live", cts.Token);
                if (live.StatusCode == HttpStatusCode.OK)
                {
                    return broker;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                await broker.DisposeAsync();
                throw new TimeoutException("The broker did not answer /health/live within 90 s:\n" + process.Tail());
            }

            await Task.Delay(200, cts.Token); // polling a port that is not open yet
        }
    }

    /// <summary>A guest customer token.</summary>
    public async Task<string> GuestTokenAsync(string name)
    {
        using var response = await Http.PostAsJsonAsync("api/auth/guest", new { name });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>Registers a managed webhook as the demo admin <c>alice</c>; returns its id.</summary>
    public async Task<string> RegisterWebhookAsync(string url, string secret, params string[] events)
    {
        using var login = await Http.PostAsJsonAsync("api/auth/login", new { username = "alice", password = "demo" });
        login.EnsureSuccessStatusCode();
        using var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        _adminToken = token.RootElement.GetProperty("token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/webhooks") { Content = JsonContent.Create(new { url, secret, events }) };
        request.Headers.Authorization = new("Bearer", _adminToken);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/webhooks answered {(int)response.StatusCode}: {body}");
        }

        using var created = JsonDocument.Parse(body);
        return created.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>The mean and largest <c>durationMs</c> of the webhook's newest logged attempts (<c>GET /api/webhooks/{id}/deliveries</c>).</summary>
    public async Task<(double Mean, double Max, int Count)> AttemptDurationsAsync(string webhookId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/webhooks/{webhookId}/deliveries");
        request.Headers.Authorization = new("Bearer", _adminToken);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var log = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var durations = log.RootElement.EnumerateArray().Select(a => a.GetProperty("durationMs").GetDouble()).ToArray();
        return durations.Length == 0 ? (double.NaN, double.NaN, 0) : (durations.Average(), durations.Max(), durations.Length);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }
}
