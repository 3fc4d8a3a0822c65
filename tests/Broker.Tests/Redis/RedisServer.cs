using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CustomerChat.Broker.Tests.Redis;

/// <summary>
/// A real <c>redis-server</c> (the Debian package; <c>./test.sh</c> installs it) on a free loopback port,
/// stopped when disposed. It can be stopped and started again on the same port mid-test. Without
/// persistence (<c>--save "" --appendonly no</c>) by default; with <paramref name="persistent"/> it keeps an
/// append-only file fsynced on every write in its own temporary directory, so data survives a restart.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly bool _persistent;
    private readonly string _directory;
    private readonly string[] _extraArgs;
    private Process? _process;

    private RedisServer(int port, bool persistent, string[] extraArgs)
    {
        Port = port;
        _persistent = persistent;
        _extraArgs = extraArgs;
        _directory = Directory.CreateTempSubdirectory("customerchat-redis-").FullName;
    }

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string for the broker.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Whether the server process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a server on a free port and waits until it answers PING.</summary>
    public static Task<RedisServer> StartAsync(bool persistent = false) => StartAsync(persistent, _ => []);

    /// <summary>
    /// Starts a server on a free port with extra arguments computed from the port (e.g. the cluster options,
    /// see <see cref="RedisClusterFixture"/>); waits until it answers PING.
    /// </summary>
    public static async Task<RedisServer> StartAsync(bool persistent, Func<int, string[]> extraArgs)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var server = new RedisServer(port, persistent, extraArgs(port));
            try
            {
                await server.StartAgainAsync();
                return server;
            }
            catch (Exception) when (attempt < 3)
            {
                // The free port was taken between probing and binding: try another one.
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>(Re)starts the server on the same port and directory; returns once it answers PING.</summary>
    public async Task StartAgainAsync()
    {
        var executable = FindRedisServer();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        foreach (var arg in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--dir", _directory, "--daemonize", "no", "--protected-mode", "no" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var arg in _persistent
            ? new[] { "--appendonly", "yes", "--appendfsync", "always" }
            : new[] { "--appendonly", "no" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var arg in _extraArgs)
        {
            start.ArgumentList.Add(arg);
        }

        var output = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                lock (output)
                {
                    throw new InvalidOperationException($"redis-server exited with {process.ExitCode}: {output}");
                }
            }

            if (await PingAsync())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"redis-server on port {Port} did not answer PING within {StartTimeout.TotalSeconds} s.");
            }

            await Task.Delay(50); // polling a starting server process; bounded by the deadline
        }
    }

    /// <summary>Stops the server abruptly (SIGKILL) and waits for the process to exit.</summary>
    public async Task StopAsync()
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

    /// <summary>Whether the server answers PING now.</summary>
    public async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, Port, cts.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cts.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, cts.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    /// <summary>The path of the <c>redis-server</c> executable.</summary>
    internal static string FindRedisServer()
    {
        foreach (var candidate in new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, "redis-server")).FirstOrDefault(File.Exists);
        return onPath ?? throw new InvalidOperationException("redis-server is not installed: apt-get install -y redis-server (./test.sh does this).");
    }

    /// <summary>A free loopback port now (it may be taken by the time it is bound).</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
