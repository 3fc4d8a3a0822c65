using System.Text.Json;

namespace CustomerChat.LoadGen;

/// <summary>The child side of a multi-process run: READY after set-up, GO from the coordinator, RESULT at the end.</summary>
internal static class WorkerProcess
{
    public static async Task<int> RunAsync(LoadGenOptions o)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(o.Timeout));
        await using var worker = new Worker(o, o.WorkerIndex, o.Procs);
        try
        {
            await worker.SetupAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            worker.Stats.Error("setup: " + ex.Message);
        }

        Console.Out.WriteLine("READY");
        Console.Out.Flush();
        var go = await Console.In.ReadLineAsync(timeout.Token);
        if (go != "GO")
        {
            return 1;
        }

        var result = await worker.RunAsync(timeout.Token);
        Console.Out.WriteLine("RESULT " + JsonSerializer.Serialize(result));
        Console.Out.Flush();
        return 0;
    }
}
