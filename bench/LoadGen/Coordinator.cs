using System.Diagnostics;

namespace CustomerChat.LoadGen;

/// <summary>Starts the workers, measures the broker over the window, merges and reports.</summary>
internal static class Coordinator
{
    public static async Task<int> RunAsync(LoadGenOptions o)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(o.Timeout));
        var pids = o.BrokerPids;
        var baseline = ProcSample.Read(pids);
        var procs = o.Profile == "chat" ? Math.Min(o.Procs, o.Agents.Length) : o.Procs;
        var handles = Enumerable.Range(0, procs)
            .Select(i => procs == 1 ? (IWorkerHandle)new InProcessWorker(o, timeout.Token) : new ChildWorker(o, i, procs))
            .ToList();
        var setupStarted = Stopwatch.GetTimestamp();
        try
        {
            await Task.WhenAll(handles.Select(h => h.Ready)).WaitAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine("LoadGen: a worker failed during set-up: " + ex.Message);
        }

        var setupSeconds = Stopwatch.GetElapsedTime(setupStarted).TotalSeconds;
        foreach (var handle in handles)
        {
            handle.Go();
        }

        var self = Process.GetCurrentProcess();
        var go = Stopwatch.GetTimestamp();
        ProcSample atStart = default, atEnd = default;
        MachineSample machineAtStart = default, machineAtEnd = default;
        TimeSpan selfAtStart = default, selfAtEnd = default;
        long rssMax = 0;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(o.Warmup), timeout.Token);
            atStart = ProcSample.Read(pids);
            machineAtStart = MachineSample.Read();
            self.Refresh();
            selfAtStart = self.TotalProcessorTime;
            var end = go + (long)((o.Warmup + o.Duration) * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < end)
            {
                var left = TimeSpan.FromSeconds((end - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
                await Task.Delay(left < TimeSpan.FromMilliseconds(500) ? left : TimeSpan.FromMilliseconds(500), timeout.Token);
                rssMax = Math.Max(rssMax, ProcSample.Read(pids).RssBytes);
            }

            atEnd = ProcSample.Read(pids);
            machineAtEnd = MachineSample.Read();
            self.Refresh();
            selfAtEnd = self.TotalProcessorTime;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("LoadGen: --timeout reached during the run.");
        }

        var results = new List<WorkerResult>();
        foreach (var handle in handles)
        {
            try
            {
                results.Add(await handle.Result.WaitAsync(TimeSpan.FromSeconds(o.Drain + 30)));
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine("LoadGen: a worker gave no result: " + ex.Message);
                results.Add(new WorkerResult { Errors = 1, ErrorSamples = ["worker gave no result: " + ex.Message] });
            }
        }

        var report = Report.Build(o, procs, results, baseline, atStart, atEnd, rssMax, setupSeconds,
            procs == 1 ? 0 : (selfAtEnd - selfAtStart).TotalSeconds, MachineSample.PercentOfOneCore(machineAtStart, machineAtEnd));
        Report.Print(o, report, results);
        await Task.WhenAll(handles.Select(h => h.DisposeAsync().AsTask()));
        return 0;
    }
}
