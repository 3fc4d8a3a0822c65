using System.Diagnostics;
using CustomerChat.Bench;

namespace CustomerChat.WebhookBench;

/// <summary>
/// Runs one step: every customer sends chat messages paced at <c>rate / customers</c> per second (open loop: a late
/// send goes at once, it is not skipped) for the step's duration; then waits for the backlog to drain.
/// The measured window starts after the warm-up.
/// </summary>
internal static class StepRunner
{
    public static async Task<StepResult> RunAsync(string mode, int step, int rate, BenchOptions options, IReadOnlyList<StompCustomer> customers,
        Receiver receiver, ChildProcess broker, ChildProcess? redis)
    {
        var recorder = new StepRecorder();
        receiver.Recorder = recorder;
        foreach (var customer in customers)
        {
            customer.OnReceipt = recorder.Receipt;
        }

        var frequency = Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp() + frequency / 10;
        var warmupEnd = start + BenchOptions.WarmupSeconds * frequency;
        var end = start + options.DurationSeconds * frequency;
        var interval = (double)customers.Count / rate; // seconds between one customer's messages
        using var stop = new CancellationTokenSource();

        var brokerCpu = TimeSpan.Zero;
        var redisCpu = TimeSpan.Zero;
        var sampler = Task.Run(async () =>
        {
            await WaitUntilAsync(warmupEnd);
            brokerCpu = broker.CpuTime();
            redisCpu = redis?.CpuTime() ?? TimeSpan.Zero;
            await WaitUntilAsync(end);
            brokerCpu = broker.CpuTime() - brokerCpu;
            redisCpu = (redis?.CpuTime() ?? TimeSpan.Zero) - redisCpu;
        });

        var senders = customers.Select((customer, c) => Task.Run(async () =>
        {
            var offset = interval * c / customers.Count; // spread the customers evenly over one interval
            for (var n = 0; ; n++)
            {
                var due = start + (long)((offset + n * interval) * frequency);
                if (due >= end)
                {
                    return;
                }

                await WaitUntilAsync(due);
                var text = $"s{step} c{c} n{n}";
                recorder.Sending(text, Stopwatch.GetTimestamp());
                await customer.SendMessageAsync(text, stop.Token);
            }
        })).ToArray();
        await Task.WhenAll(senders);
        await sampler;

        // Drain: wait until every receipted message was delivered (or the drain time is up).
        var loadEnd = Stopwatch.GetTimestamp();
        var drainLimit = loadEnd + options.DrainSeconds * frequency;
        while (Stopwatch.GetTimestamp() < drainLimit && (recorder.Receipted < recorder.Sent || recorder.MessagesDelivered < recorder.Sent))
        {
            await Task.Delay(20); // a bench polling its own counters
        }

        var drained = Stopwatch.GetElapsedTime(loadEnd).TotalSeconds;
        var window = (end - warmupEnd) / (double)frequency;
        return new StepResult(
            mode, rate,
            SentPerSecond: recorder.SentBetween(warmupEnd, end) / window,
            ReceiptedPerSecond: recorder.ReceiptsBetween(warmupEnd, end) / window,
            DeliveredPerSecond: recorder.EventsBetween(warmupEnd, end) / window,
            recorder.Sent, recorder.Receipted, recorder.MessagesDelivered,
            Lost: recorder.Undelivered, Unreceipted: recorder.Unreceipted,
            recorder.Duplicates, recorder.BadSignatures, drained,
            recorder.ReceiptToDelivery(warmupEnd), recorder.CreatedToDelivery(warmupEnd), recorder.SendToReceipt(warmupEnd),
            BrokerCpuPercent: 100 * brokerCpu.TotalSeconds / window,
            RedisCpuPercent: 100 * redisCpu.TotalSeconds / window,
            BrokerRssMiB: broker.RssMiB());
    }

    private static async Task WaitUntilAsync(long timestamp)
    {
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }
    }
}
