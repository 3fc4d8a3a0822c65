using System.Diagnostics;
using CustomerChat.Web.Tests.Infrastructure;

namespace CustomerChat.Web.Tests.Reliability;

/// <summary>
/// One broker instance as a process of its own (<c>dotnet CustomerChat.Broker.dll --urls http://127.0.0.1:PORT
/// --environment Development …</c>, found like <see cref="BrokerFixture"/> finds it) on a shared Redis, with a
/// signing key every instance of the test shares, manual routing and the per-address limits lifted (every browser
/// context comes from 127.0.0.1). <see cref="Kill"/> sends SIGKILL: no shutdown code runs, as in an OOM kill.
/// </summary>
public sealed class BrokerInstance : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private LoggedProcess? _process;

    private BrokerInstance(string name, int port)
    {
        Name = name;
        Port = port;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        LogFile = Path.Combine(RepoPaths.ResultsDirectory, $"crash-broker-{name}.log");
    }

    /// <summary>"a", "b": for messages and the log file's name.</summary>
    public string Name { get; }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseUrl { get; }

    /// <summary>Where its output goes.</summary>
    public string LogFile { get; }

    /// <summary>Whether the process runs.</summary>
    public bool IsRunning => _process is { IsRunning: true };

    /// <summary>Starts an instance on <paramref name="redisConfiguration"/> and waits (bounded) until <c>/health/live</c> answers 200.</summary>
    public static async Task<BrokerInstance> StartAsync(string name, string redisConfiguration, string signingKey)
    {
        var dll = RepoPaths.BrokerDll();
        var broker = new BrokerInstance(name, LoggedProcess.FreePort());
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)! };
        foreach (var arg in new[]
        {
            dll, "--urls", broker.BaseUrl.ToString().TrimEnd('/'), "--environment", "Development",
            $"--CustomerChat:Redis:Configuration={redisConfiguration}",
            $"--CustomerChat:Auth:SigningKey={signingKey}",
            "--CustomerChat:Routing:Mode=manual", // the test claims by hand
            "--CustomerChat:Limits:AuthRequestsPerMinutePerAddress=10000",
            "--CustomerChat:Limits:MaxConnectionsPerAddress=10000",
            "--CustomerChat:Limits:MaxConnectionsPerUser=100",
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment.Remove(BrokerFixture.BaseUrlVariable);

        broker._process = LoggedProcess.Start(start, broker.LogFile, $"# broker {name}: dotnet {dll} --urls {broker.BaseUrl} (Redis {redisConfiguration})");
        try
        {
            using var http = new HttpClient { BaseAddress = broker.BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
            await LoggedProcess.WaitUntilAsync(() => LoggedProcess.IsLiveAsync(http), StartTimeout, $"200 from GET {broker.BaseUrl}health/live", broker._process);
            return broker;
        }
        catch (Exception e)
        {
            var tail = broker.LogTail();
            await broker.DisposeAsync();
            throw new InvalidOperationException($"Broker {name} did not start. Its output:\n{tail}", e);
        }
    }

    /// <summary>Sends SIGKILL to the process now (<see cref="LoggedProcess.Kill"/>); <see cref="DisposeAsync"/> reaps it.</summary>
    public void Kill() => _process?.Kill();

    /// <summary>The last lines the instance printed.</summary>
    public string LogTail(int lines = 40) => _process?.Tail(lines) ?? string.Empty;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.DisposeAsync();
        }
    }
}
