using System.Diagnostics;
using System.Net;
using System.Text;
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
    private readonly StringBuilder _log = new();
    private Process? _process;

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
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts an instance on <paramref name="redisConfiguration"/> and waits (bounded) until <c>/health/live</c> answers 200.</summary>
    public static async Task<BrokerInstance> StartAsync(string name, string redisConfiguration, string signingKey)
    {
        var dll = RepoPaths.BrokerDll();
        var broker = new BrokerInstance(name, Ports.Free());
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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

        File.WriteAllText(broker.LogFile, $"# broker {name}: dotnet {dll} --urls {broker.BaseUrl} (Redis {redisConfiguration}){Environment.NewLine}");
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        broker._process = process;
        process.OutputDataReceived += (_, e) => broker.Append(e.Data);
        process.ErrorDataReceived += (_, e) => broker.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await broker.WaitUntilLiveAsync();
            return broker;
        }
        catch (Exception e)
        {
            var exited = process.HasExited ? $" (it exited with code {process.ExitCode})" : string.Empty;
            await broker.DisposeAsync();
            throw new InvalidOperationException($"Broker {name} did not answer GET /health/live with 200 within {StartTimeout.TotalSeconds:0} s{exited}. Its output:\n{broker.LogTail()}", e);
        }
    }

    /// <summary>
    /// Sends SIGKILL to the process now, on the calling thread (<c>kill(pid, SIGKILL)</c> directly: the tree walk of
    /// <c>Kill(entireProcessTree: true)</c> reads /proc first, and the broker has no child processes);
    /// <see cref="DisposeAsync"/> reaps it.
    /// </summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
        }
    }

    /// <summary>The last lines the instance printed.</summary>
    public string LogTail(int lines = 40)
    {
        lock (_log)
        {
            var all = _log.ToString().Split('\n');
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(cts.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or not gone in time: nothing more to do.
        }
        finally
        {
            process.Dispose();
        }
    }

    private async Task WaitUntilLiveAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"Broker {Name} exited with code {exited.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"GET {BaseUrl}health/live did not answer 200 in time.");
            }

            await Task.Delay(100); // polling a starting process; bounded by the deadline
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
            try
            {
                File.AppendAllText(LogFile, line + Environment.NewLine);
            }
            catch (IOException)
            {
                // The in-memory copy still has it.
            }
        }
    }
}
