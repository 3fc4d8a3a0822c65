using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CustomerChat.LoadGen;

/// <summary>The merged figures, printed as a table and as one JSON line.</summary>
internal static class Report
{
    public static Dictionary<string, object?> Build(LoadGenOptions o, int procs, List<WorkerResult> results, ProcSample baseline,
        ProcSample atStart, ProcSample atEnd, long rssMax, double setupSeconds, double coordinatorCpu, double? machineCpu)
    {
        var latency = new LatencyHistogram();
        var connect = new LatencyHistogram();
        foreach (var r in results)
        {
            latency.Merge(r.Latency, r.LatencyMax);
            connect.Merge(r.Connect, r.ConnectMax);
        }

        var published = results.Sum(r => r.Published);
        var delivered = results.Sum(r => r.Delivered);
        var subscribers = results.Sum(r => r.Subscribers);
        var connections = results.Sum(r => r.Connections);
        var expected = o.Profile switch
        {
            "fanout" => published * subscribers,
            "pairs" or "cross" => published,
            "chat" => 2 * published,
            _ => 0,
        };
        var haveBroker = atStart.Ok && atEnd.Ok;
        var loadgenCpu = results.Sum(r => r.CpuSecondsInWindow) + coordinatorCpu;
        var report = new Dictionary<string, object?>
        {
            ["case"] = o.Case,
            ["broker"] = o.Label,
            ["profile"] = o.Profile,
            ["url"] = o.Url.ToString(),
            ["pub_url"] = o.Profile == "cross" ? o.PubUrl.ToString() : null,
            ["connections"] = connections,
            ["subscribers"] = subscribers,
            ["publishers"] = o.Profile switch { "fanout" => 1, "pairs" or "cross" => o.Pairs, "chat" => o.Customers + o.Agents.Length, _ => 0 },
            ["rate_target"] = o.Rate,
            ["window"] = o.Profile is "pairs" or "cross" ? o.Window : null,
            ["size"] = o.Size,
            ["duration_s"] = o.Duration,
            ["published"] = published,
            ["delivered"] = delivered,
            ["expected"] = expected,
            ["lost"] = Math.Max(0, expected - delivered),
            ["delivered_per_s"] = Round(results.Sum(r => r.DeliveredInWindow) / o.Duration, 0),
            ["latency_p50_ms"] = Ms(latency.Percentile(50)),
            ["latency_p95_ms"] = Ms(latency.Percentile(95)),
            ["latency_p99_ms"] = Ms(latency.Percentile(99)),
            ["latency_max_ms"] = Ms(latency.MaxMicros),
            ["latency_samples"] = latency.Count,
            ["connect_p50_ms"] = Ms(connect.Percentile(50)),
            ["connect_p99_ms"] = Ms(connect.Percentile(99)),
            ["connect_max_ms"] = Ms(connect.MaxMicros),
            ["setup_s"] = Round(setupSeconds, 2),
            ["errors"] = results.Sum(r => r.Errors),
            ["stalls"] = results.Sum(r => r.Stalls),
            ["broker_cpu_pct"] = haveBroker ? Round((atEnd.CpuSeconds - atStart.CpuSeconds) / o.Duration * 100, 1) : null,
            ["broker_rss_mib"] = atEnd.Ok ? Round(atEnd.RssBytes / 1048576.0, 1) : null,
            ["broker_rss_max_mib"] = atEnd.Ok ? Round(Math.Max(rssMax, atEnd.RssBytes) / 1048576.0, 1) : null,
            ["broker_rss_before_mib"] = baseline.Ok ? Round(baseline.RssBytes / 1048576.0, 1) : null,
            ["broker_rss_per_conn_kib"] = atEnd.Ok && baseline.Ok && connections > 0
                ? Round((atEnd.RssBytes - baseline.RssBytes) / 1024.0 / connections, 1) : null,
            ["loadgen_procs"] = procs,
            ["loadgen_cpu_pct"] = Round(loadgenCpu / o.Duration * 100, 1),
            ["loadgen_max_proc_cpu_pct"] = Round((procs == 1 ? loadgenCpu : results.Max(r => r.CpuSecondsInWindow)) / o.Duration * 100, 1),
            ["machine_cpu_pct"] = machineCpu is { } all ? Round(all, 1) : null,
            ["other_cpu_pct"] = machineCpu is { } busy && haveBroker
                ? Round(Math.Max(0, busy - ((atEnd.CpuSeconds - atStart.CpuSeconds + loadgenCpu) / o.Duration * 100)), 1) : null,
            ["cores"] = Environment.ProcessorCount,
            ["loadavg"] = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null,
        };
        return report;
    }

    public static void Print(LoadGenOptions o, Dictionary<string, object?> report, List<WorkerResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"LoadGen {o.Profile} against {o.Label} ({o.Url})");
        void Row(string name, string key, string unit = "")
        {
            if (report[key] is { } value)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {name,-34} {Format(value)}{unit}");
            }
        }

        Row("connections (subscribers)", "connections");
        Row("subscribers", "subscribers");
        Row("published", "published");
        Row("delivered", "delivered");
        Row("expected deliveries", "expected");
        Row("lost", "lost");
        Row("delivered msgs/s (window)", "delivered_per_s");
        Row("latency p50", "latency_p50_ms", " ms");
        Row("latency p95", "latency_p95_ms", " ms");
        Row("latency p99", "latency_p99_ms", " ms");
        Row("latency max", "latency_max_ms", " ms");
        Row("connect p50", "connect_p50_ms", " ms");
        Row("connect p99", "connect_p99_ms", " ms");
        Row("connect max", "connect_max_ms", " ms");
        Row("set-up time", "setup_s", " s");
        Row("errors", "errors");
        Row("window stalls (1 s without reply)", "stalls");
        Row("broker CPU (% of one core)", "broker_cpu_pct", " %");
        Row("broker RSS at end", "broker_rss_mib", " MiB");
        Row("broker RSS max", "broker_rss_max_mib", " MiB");
        Row("broker RSS before set-up", "broker_rss_before_mib", " MiB");
        Row("broker RSS per connection", "broker_rss_per_conn_kib", " KiB");
        Row("loadgen processes", "loadgen_procs");
        Row("loadgen CPU (% of one core, all)", "loadgen_cpu_pct", " %");
        Row("loadgen CPU (busiest process)", "loadgen_max_proc_cpu_pct", " %");
        Row("machine CPU (all processes)", "machine_cpu_pct", " %");
        Row("other processes' CPU", "other_cpu_pct", " %");
        foreach (var sample in results.SelectMany(r => r.ErrorSamples).Distinct().Take(5))
        {
            text.AppendLine("  error: " + sample);
        }

        Console.Out.Write(text.ToString());
        var json = JsonSerializer.Serialize(report);
        Console.Out.WriteLine(json);
        if (o.JsonOut is { } file)
        {
            File.AppendAllText(file, json + Environment.NewLine);
        }
    }

    private static string Format(object value) => value switch
    {
        double d => d.ToString(d >= 100 ? "N0" : "0.###", CultureInfo.InvariantCulture),
        long l => l.ToString("N0", CultureInfo.InvariantCulture),
        int i => i.ToString("N0", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static double Ms(double micros) => Math.Round(micros / 1000.0, 3);

    private static double Round(double value, int digits) => Math.Round(value, digits);
}
