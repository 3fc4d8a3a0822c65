using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

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

    private readonly StringBuilder _log = new();
    private readonly object _logLock = new();
    private Process? _process;

    /// <summary>The broker's base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1:5000");

    /// <summary>True when the tests run against an already running broker (<see cref="BaseUrlVariable"/>).</summary>
    public bool IsExternal { get; private set; }

    /// <summary>Where the broker's output goes (also shown in a failing test's output).</summary>
    public string LogFile { get; } = Path.Combine(RepoPaths.ResultsDirectory, "broker.log");

    /// <summary>The last lines the broker printed.</summary>
    public string LogTail(int lines = 60)
    {
        lock (_logLock)
        {
            var all = _log.ToString().Split('\n');
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
    }

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(BaseUrlVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            BaseUrl = new Uri(external.TrimEnd('/'));
            IsExternal = true;
            await WaitUntilLiveAsync(CancellationToken.None);
            return;
        }

        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        var dll = RepoPaths.BrokerDll();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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

        File.WriteAllText(LogFile, $"# dotnet {dll} --urls {BaseUrl} --environment Development{Environment.NewLine}");
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => AppendLog(e.Data);
        _process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        if (!_process.Start())
        {
            throw new InvalidOperationException("The broker process did not start.");
        }

        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var cts = new CancellationTokenSource(StartTimeout);
        try
        {
            await WaitUntilLiveAsync(cts.Token);
        }
        catch (Exception e)
        {
            var exited = _process.HasExited ? $" (it exited with code {_process.ExitCode})" : string.Empty;
            await DisposeAsync();
            throw new InvalidOperationException(
                $"The broker did not answer GET /health/live with 200 within {StartTimeout.TotalSeconds:0} s{exited}. Its output:\n{LogTail()}", e);
        }
    }

    public async Task DisposeAsync()
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
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(cts.Token);
            }
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

    private async Task WaitUntilLiveAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process is { HasExited: true })
            {
                throw new InvalidOperationException($"The broker exited with code {_process.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/live", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = new HttpRequestException($"GET /health/live answered {(int)response.StatusCode}");
            }
            catch (HttpRequestException e)
            {
                last = e;
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                last = e;
            }

            // Polling a port that is not open yet: a short pause between bounded attempts.
            await Task.Delay(TimeSpan.FromMilliseconds(150), cancellationToken);
        }

        throw new TimeoutException($"GET {BaseUrl}health/live did not answer 200 in time.", last);
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
