using System.Diagnostics;
using System.Text.Json;
using CustomerChat.WebhookBench;
using CustomerChat.Bench;

// WebhookBench (see BenchOptions.Usage): for each mode, a broker child process (and a redis-server for "redis"),
// a signature-checking receiver, one managed webhook, customers on STOMP; then one step per target rate.
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine("WebhookBench: " + ex.Message + "\n\n" + BenchOptions.Usage);
    return 2;
}

var dll = options.BrokerDll ?? FindBrokerDll();
Console.WriteLine($"broker {dll}; {options.Customers} customers, {options.DurationSeconds} s per step ({BenchOptions.WarmupSeconds} s warm-up), " +
    $"WorkersPerEndpoint {options.Workers}, {Environment.ProcessorCount} cores");
var results = new List<StepResult>();
foreach (var mode in options.Modes)
{
    Console.WriteLine($"\n== {mode}: load average before {LoadAverage()}");
    ChildProcess? redis = null;
    string? address = null;
    if (mode == "redis")
    {
        (redis, var port) = await RedisServer.StartAsync(options.RedisServer);
        address = $"127.0.0.1:{port}";
    }

    try
    {
        await using var broker = await Broker.StartAsync(dll, address, options.Workers, options.LogLevel);
        await using var receiver = await Receiver.StartAsync();
        var webhook = await broker.RegisterWebhookAsync(receiver.Url, receiver.Secret,
            "message.created", "conversation.created", "conversation.assigned", "conversation.closed");
        var customers = await ConnectCustomersAsync(broker, options.Customers);
        try
        {
            // Open every customer's conversation (conversation.created + message.created) and let it reach the receiver.
            var opening = new StepRecorder();
            receiver.Recorder = opening;
            for (var c = 0; c < customers.Count; c++)
            {
                customers[c].OnReceipt = opening.Receipt;
                opening.Sending($"hello {c}", Stopwatch.GetTimestamp());
                await customers[c].SendMessageAsync($"hello {c}", CancellationToken.None);
            }

            var until = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
            while (opening.MessagesDelivered < customers.Count && Stopwatch.GetTimestamp() < until)
            {
                await Task.Delay(50); // a bench polling its own counters
            }

            Console.WriteLine($"webhook {webhook}: {customers.Count} conversations open, {opening.EventsDelivered} events delivered");
            for (var step = 0; step < options.Rates.Length; step++)
            {
                var result = await StepRunner.RunAsync(mode, step, options.Rates[step], options, customers, receiver, broker.Process, redis);
                var (mean, max, count) = await broker.AttemptDurationsAsync(webhook);
                result = result with { AttemptMeanMs = mean, AttemptMaxMs = max };
                results.Add(result);
                Print(result);
            }
        }
        finally
        {
            foreach (var customer in customers)
            {
                await customer.DisposeAsync();
            }

            if (options.BrokerLog is { } log)
            {
                await File.WriteAllTextAsync($"{log}-{mode}.log", broker.Process.Tail(int.MaxValue));
            }
        }
    }
    finally
    {
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }
    }

    Console.WriteLine($"== {mode}: load average after {LoadAverage()}");
}

Console.WriteLine();
Console.WriteLine("| mode | target msg/s | stored msg/s | delivered events/s | lost | drain s | RECEIPT → delivery ms (p50 / p99 / max) | createdAt → delivery ms (p50 / p99 / max) | SEND → RECEIPT ms (p50 / p99) | broker CPU % | redis CPU % | sustained |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | ---: | ---: | --- |");
foreach (var r in results)
{
    Console.WriteLine($"| {r.Mode} | {r.TargetRate:N0} | {r.ReceiptedPerSecond:N0} | {r.DeliveredPerSecond:N0} | {r.Lost} | {r.DrainSeconds:0.0} | " +
        $"{Triple(r.ReceiptToDelivery)} | {Triple(r.CreatedToDelivery)} | {Percentiles.At(r.SendToReceipt, 0.5):0.0} / {Percentiles.At(r.SendToReceipt, 0.99):0.0} | " +
        $"{r.BrokerCpuPercent:0} | {(r.Mode == "redis" ? r.RedisCpuPercent.ToString("0", System.Globalization.CultureInfo.InvariantCulture) : "-")} | {(r.Sustained ? "yes" : "no")} |");
}

if (options.JsonPath is { } path)
{
    var jsonOptions = new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
    await File.AppendAllLinesAsync(path, results.Select(r => JsonSerializer.Serialize(new
    {
        r.Mode, r.TargetRate, r.SentPerSecond, r.ReceiptedPerSecond, r.DeliveredPerSecond, r.Sent, r.Receipted, r.Delivered, r.Lost, r.Unreceipted,
        r.Duplicates, r.BadSignatures, r.DrainSeconds, r.Sustained, r.BrokerCpuPercent, r.RedisCpuPercent, r.BrokerRssMiB, r.AttemptMeanMs, r.AttemptMaxMs, options.Workers, options.Customers,
        receiptToDelivery = Summary(r.ReceiptToDelivery), createdToDelivery = Summary(r.CreatedToDelivery), sendToReceipt = Summary(r.SendToReceipt),
        loadAverage = LoadAverage(), at = DateTimeOffset.UtcNow,
    }, jsonOptions)));
}

return results.All(r => r.BadSignatures == 0 && r.Duplicates == 0) ? 0 : 1;


static void Print(StepResult r) =>
    Console.WriteLine($"{r.Mode} {r.TargetRate,6}/s: sent {r.SentPerSecond:N0}/s, stored {r.ReceiptedPerSecond:N0}/s, delivered {r.DeliveredPerSecond:N0} events/s; " +
        $"lost {r.Lost} of {r.Receipted} stored, {r.Unreceipted} not stored, duplicates {r.Duplicates}, bad signatures {r.BadSignatures}, drain {r.DrainSeconds:0.0} s; " +
        $"RECEIPT→delivery {Percentiles.DescribeSorted(r.ReceiptToDelivery)}; createdAt→delivery {Percentiles.DescribeSorted(r.CreatedToDelivery)}; " +
        $"SEND→RECEIPT {Percentiles.DescribeSorted(r.SendToReceipt)}; attempt duration (newest 100) mean {r.AttemptMeanMs:0.0} / max {r.AttemptMaxMs:0} ms; broker CPU {r.BrokerCpuPercent:0}%, redis CPU {r.RedisCpuPercent:0}%, RSS {r.BrokerRssMiB:0} MiB; load {LoadAverage()}");

static string Triple(double[] sorted) => sorted.Length == 0 ? "n/a" : $"{Percentiles.At(sorted, 0.5):0.0} / {Percentiles.At(sorted, 0.99):0.0} / {sorted[^1]:0.0}";

static object Summary(double[] sorted) => new { count = sorted.Length, p50 = Percentiles.At(sorted, 0.5), p99 = Percentiles.At(sorted, 0.99), max = sorted.Length == 0 ? double.NaN : sorted[^1] };

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static async Task<List<StompCustomer>> ConnectCustomersAsync(Broker broker, int count)
{
    var customers = new StompCustomer[count];
    using var gate = new SemaphoreSlim(8);
    await Task.WhenAll(Enumerable.Range(0, count).Select(async c =>
    {
        await gate.WaitAsync();
        try
        {
            var token = await broker.GuestTokenAsync($"Bench {c}");
            customers[c] = await StompCustomer.ConnectAsync(broker.WebSocketUri, token, CancellationToken.None);
        }
        finally
        {
            gate.Release();
        }
    }));
    return [.. customers];
}

static string FindBrokerDll()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "src", "Broker", "bin", "Release", "net10.0", "CustomerChat.Broker.dll");
        if (File.Exists(Path.Combine(dir.FullName, "CustomerChat.sln")))
        {
            return File.Exists(candidate) ? candidate : throw new FileNotFoundException($"build the broker first: dotnet build src/Broker -c Release ({candidate})");
        }
    }

    throw new FileNotFoundException("CustomerChat.sln not found above the bench; pass --broker PATH");
}
