using System.Net;
using System.Net.Sockets;
using CustomerChat.Bench;

namespace CustomerChat.WebhookBench;

/// <summary>A redis-server of its own on a free loopback port, without persistence.</summary>
internal static class RedisServer
{
    public static async Task<(ChildProcess Process, string Address)> StartAsync(string executable)
    {
        var port = ChildProcess.FreePort();
        var directory = Directory.CreateTempSubdirectory("webhookbench-redis").FullName;
        var process = ChildProcess.Start(executable,
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", directory, "--daemonize", "no", "--protected-mode", "no"]);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
                return (process, $"127.0.0.1:{port}");
            }
            catch (SocketException) when (!process.HasExited)
            {
                await Task.Delay(100, cts.Token); // polling until redis-server listens
            }
            catch (SocketException)
            {
                throw new InvalidOperationException("redis-server exited:\n" + process.Tail());
            }
        }
    }
}
