using System.Diagnostics;

namespace CustomerChat.Web.Tests.Infrastructure;

/// <summary>
/// Runs the real broker for the browser tests: <c>dotnet CustomerChat.Broker.dll --urls
/// http://127.0.0.1:PORT --environment Development</c> on a free loopback port, waits until
/// <c>GET /health/live</c> answers 200 (bounded), and kills the process tree on dispose.
/// Set <c>CUSTOMERCHAT_WEB_TESTS_BASE_URL</c> to run the tests against a broker that is already
/// running instead (for example <c>dotnet run --project src/Broker</c> while debugging a page).
/// </summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    /// <summary>Environment variable naming an already running broker to test against.</summary>
    public const string BaseUrlVariable = "CUSTOMERCHAT_WEB_TESTS_BASE_URL";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("BROKER_START_TIMEOUT"), out var seconds) && seconds > 0 ? seconds : 60);

    private LoggedProcess? _process;

    /// <summary>The broker's base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1:5000");

    /// <summary>True when the tests run against an already running broker (<see cref="BaseUrlVariable"/>).</summary>
    public bool IsExternal { get; private set; }

    /// <summary>Where the broker's output goes (also shown in a failing test's output).</summary>
    public string LogFile { get; } = Path.Combine(RepoPaths.ResultsDirectory, "broker.log");

    /// <summary>The last lines the broker printed.</summary>
    public string LogTail(int lines = 60) => _process?.Tail(lines) ?? string.Empty;

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(BaseUrlVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            BaseUrl = new Uri(external.TrimEnd('/'));
            IsExternal = true;
            await WaitUntilLiveAsync();
            return;
        }

        BaseUrl = new Uri($"http://127.0.0.1:{LoggedProcess.FreePort()}");
        var dll = RepoPaths.BrokerDll();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl.ToString().TrimEnd('/'));
        start.ArgumentList.Add("--environment");
        start.ArgumentList.Add("Development");
        start.ArgumentList.Add("--CustomerChat:Routing:Mode"); // these pages' tests claim by hand
        start.ArgumentList.Add("manual");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        // Every browser context comes from 127.0.0.1: lift the per-address limits for the test run.
        start.Environment["CustomerChat__Limits__AuthRequestsPerMinutePerAddress"] = "10000";
        start.Environment["CustomerChat__Limits__MaxConnectionsPerAddress"] = "10000";
        start.Environment["CustomerChat__Limits__MaxConnectionsPerUser"] = "100";
        start.Environment.Remove(BaseUrlVariable);

        _process = LoggedProcess.Start(start, LogFile, $"# dotnet {dll} --urls {BaseUrl} --environment Development");
        try
        {
            await WaitUntilLiveAsync();
        }
        catch (Exception e)
        {
            var tail = LogTail();
            await DisposeAsync();
            throw new InvalidOperationException(
                $"The broker did not answer GET /health/live with 200 within {StartTimeout.TotalSeconds:0} s. Its output:\n{tail}", e);
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.DisposeAsync();
        }
    }

    private async Task WaitUntilLiveAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        await LoggedProcess.WaitUntilAsync(() => LoggedProcess.IsLiveAsync(http), StartTimeout, $"200 from GET {BaseUrl}health/live", _process);
    }
}
