using System.Net;
using System.Net.Sockets;

namespace CustomerChat.Bench;

/// <summary>A redis-server of its own on a free loopback port, without persistence.</summary>
internal static class RedisServer
{
    /// <summary>Starts <paramref name="executable"/> and returns once it accepts connections (20 s at most); throws with its output if it exits.</summary>
    public static async Task<(ChildProcess Process, int Port)> StartAsync(string executable)
    {
        var port = ChildProcess.FreePort();
        var directory = Directory.CreateTempSubdirectory("bench-redis").FullName;
        var process = ChildProcess.Start(executable,
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", directory, "--daemonize", "no", "--protected-mode", "no"], name: "redis-server");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
                return (process, port);
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
