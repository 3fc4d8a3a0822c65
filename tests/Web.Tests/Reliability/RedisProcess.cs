using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CustomerChat.Web.Tests.Infrastructure;

namespace CustomerChat.Web.Tests.Reliability;

/// <summary>
/// A real <c>redis-server</c> (Debian's package) on a free loopback port without persistence
/// (<c>--save "" --appendonly no</c>), killed when disposed. The same approach as the broker tests'
/// <c>tests/Broker.Tests/Redis/RedisServer.cs</c>, cut down to what one page test needs.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private LoggedProcess? _process;

    private RedisProcess(int port) => Port = port;

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string for the broker.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Starts a server on a free port and waits (bounded) until it answers PING.</summary>
    public static async Task<RedisProcess> StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisProcess(LoggedProcess.FreePort());
            try
            {
                await server.RunAsync();
                return server;
            }
            catch (Exception) when (attempt < 3)
            {
                // The free port was taken between probing and binding: try another one.
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.DisposeAsync();
        }
    }

    private async Task RunAsync()
    {
        var start = new ProcessStartInfo(FindExecutable()) { WorkingDirectory = Path.GetTempPath() };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no" })
        {
            start.ArgumentList.Add(arg);
        }

        _process = LoggedProcess.Start(start);
        try
        {
            await LoggedProcess.WaitUntilAsync(PingAsync, StartTimeout, $"PONG from redis-server on port {Port}", _process);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"redis-server did not start: {_process.Tail()}", e);
        }
    }

    private async Task<bool> PingAsync()
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
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static string FindExecutable()
    {
        var candidates = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, "redis-server")));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed: apt-get install -y redis-server (./test.sh does this).");
    }
}
