using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace CustomerChat.LoadGen;

/// <summary>A worker in a child process of this same program, spoken to over its standard input and output.</summary>
internal sealed class ChildWorker : IWorkerHandle
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<WorkerResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ChildWorker(LoadGenOptions o, int index, int count)
    {
        var info = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            info.ArgumentList.Add(typeof(Worker).Assembly.Location);
        }

        foreach (var arg in o.Raw)
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add("--worker");
        info.ArgumentList.Add(index.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--procs");
        info.ArgumentList.Add(count.ToString(CultureInfo.InvariantCulture));
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start a worker process");
        _ = ReadAsync();
    }

    public Task Ready => _ready.Task;

    public Task<WorkerResult> Result => _result.Task;

    public void Go()
    {
        _process.StandardInput.WriteLine("GO");
        _process.StandardInput.Flush();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == "READY")
            {
                _ready.TrySetResult();
            }
            else if (line.StartsWith("RESULT ", StringComparison.Ordinal))
            {
                _result.TrySetResult(JsonSerializer.Deserialize<WorkerResult>(line["RESULT ".Length..])!);
            }
            else
            {
                Console.Error.WriteLine(line);
            }
        }

        _ready.TrySetException(new IOException("worker exited before READY"));
        _result.TrySetException(new IOException("worker exited before RESULT"));
    }
}
