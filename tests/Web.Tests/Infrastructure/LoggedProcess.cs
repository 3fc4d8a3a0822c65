using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CustomerChat.Web.Tests.Infrastructure;

/// <summary>
/// A child process the browser tests start (the broker, <c>redis-server</c>): its stdout and stderr kept in memory
/// and, when given, appended to a log file; a bounded wait until it is ready; SIGKILL on demand; and on dispose the
/// whole process tree killed and reaped. One place for what <see cref="BrokerFixture"/> and the reliability tests'
/// extra processes all need.
/// </summary>
public sealed class LoggedProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly string? _logFile;
    private Process? _process;

    private LoggedProcess(string? logFile) => _logFile = logFile;

    /// <summary>Whether the process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>
    /// Starts <paramref name="start"/> (its output redirected here), writing <paramref name="header"/> and then every
    /// line of output to <paramref name="logFile"/> when one is given.
    /// </summary>
    public static LoggedProcess Start(ProcessStartInfo start, string? logFile = null, string? header = null)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        if (logFile is not null)
        {
            File.WriteAllText(logFile, header is null ? string.Empty : header + Environment.NewLine);
        }

        var started = new LoggedProcess(logFile);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{start.FileName} did not start.");
        }

        started._process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>A free loopback port now (it may be taken by the time it is bound).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Polls <paramref name="ready"/> until it answers true; throws when <paramref name="process"/> (if any) exits first
    /// (with its exit code) or <paramref name="timeout"/> passes (naming <paramref name="what"/>).
    /// </summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> ready, TimeSpan timeout, string what, LoggedProcess? process = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await ready())
        {
            if (process?._process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"{exited.StartInfo.FileName} exited with code {exited.ExitCode} before {what}.");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No {what} within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(100); // polling a starting process: nothing announces readiness; bounded by the deadline
        }
    }

    /// <summary>
    /// Whether <c>GET /health/live</c> on <paramref name="http"/>'s base address answers 200 now (false while the broker
    /// is not listening yet).
    /// </summary>
    public static async Task<bool> IsLiveAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>The last lines the process printed.</summary>
    public string Tail(int lines = 60)
    {
        lock (_output)
        {
            var all = _output.ToString().Split('\n');
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
    }

    /// <summary>
    /// SIGKILL now, on the calling thread (<c>kill(pid, SIGKILL)</c> directly: the tree walk of
    /// <c>Kill(entireProcessTree: true)</c> reads /proc first); <see cref="DisposeAsync"/> reaps it.
    /// </summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
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

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (_logFile is null)
            {
                return;
            }

            try
            {
                File.AppendAllText(_logFile, line + Environment.NewLine);
            }
            catch (IOException)
            {
                // The in-memory copy still has it.
            }
        }
    }
}
