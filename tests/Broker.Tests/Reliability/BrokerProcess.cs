using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Reliability;

/// <summary>
/// The built broker as a process of its own (<c>dotnet CustomerChat.Broker.dll --urls … --Key=Value</c>, as
/// <c>./test.sh</c> starts it), in Development with the tests' signing key, on a free loopback port, so a test can
/// kill it outright (<see cref="KillAsync"/>: SIGKILL, no shutdown code runs) like an OOM kill or a lost VM.
/// </summary>
public sealed class BrokerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _log = new();
    private Process? _process;

    private BrokerProcess(int port)
    {
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        Http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseUri { get; }

    /// <summary>ws://127.0.0.1:PORT/ws</summary>
    public Uri WebSocketUri => new($"ws://{BaseUri.Authority}/ws");

    /// <summary>An HTTP client for the API.</summary>
    public HttpClient Http { get; }

    /// <summary>What the process wrote (stdout and stderr), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts the broker with extra settings (<c>key=value</c>) and waits until <c>/health/live</c> answers 200.</summary>
    public static async Task<BrokerProcess> StartAsync(params string[] settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "CustomerChat.Broker.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built.");
        var broker = new BrokerProcess(FreePort());
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in new[]
        {
            dll, "--urls", broker.BaseUri.ToString().TrimEnd('/'), "--environment", "Development",
            $"--CustomerChat:Auth:SigningKey={BrokerHost.SigningKey}", "--Serilog:MinimumLevel:Default=Warning",
            "--CustomerChat:Limits:AuthRequestsPerMinutePerAddress=100000",
            "--CustomerChat:Routing:Mode=manual", // the test claims by hand
        }.Concat(settings.Select(s => "--" + s)))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        broker._process = process;
        process.OutputDataReceived += (_, e) => broker.Append(e.Data);
        process.ErrorDataReceived += (_, e) => broker.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The broker exited with {process.ExitCode}: {broker.Log}");
            }

            try
            {
                using var response = await broker.Http.GetAsync("health/live");
                if (response.IsSuccessStatusCode)
                {
                    return broker;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                await broker.DisposeAsync();
                throw new TimeoutException($"The broker did not answer /health/live within {StartTimeout.TotalSeconds} s: {broker.Log}");
            }

            await Task.Delay(100); // polling a starting process; bounded by the deadline
        }
    }

    /// <summary>Sends SIGKILL to the broker at once, on the calling thread (no waiting); <see cref="KillAsync"/> then reaps it.</summary>
    public void KillNow()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(); // kill(pid, SIGKILL) directly; the tree walk of KillAsync reads /proc first
        }
    }

    /// <summary>Kills the process outright (SIGKILL) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(cts.Token);
            process.Dispose();
        }
    }

    /// <summary>A customer token from <c>POST /api/auth/guest</c>.</summary>
    public async Task<TokenInfo> GuestAsync(string name)
    {
        using var response = await Http.PostAsJsonAsync("api/auth/guest", new { name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenInfo>(BrokerHost.JsonOptions))!;
    }

    /// <summary>An agent token from <c>POST /api/auth/login</c> (demo password <c>demo</c>).</summary>
    public async Task<TokenInfo> LoginAsync(string username)
    {
        using var response = await Http.PostAsJsonAsync("api/auth/login", new { username, password = "demo" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenInfo>(BrokerHost.JsonOptions))!;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await KillAsync();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
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
