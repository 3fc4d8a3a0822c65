using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CustomerChat.LoadGen;

/// <summary>
/// <c>--summarize FILE</c>: the JSON lines of several runs as one markdown table per case, each broker's
/// figures side by side (the median when a case ran more than once) and each broker's ratio to the baseline.
/// </summary>
internal static class Summary
{
    private static readonly (string Key, string Name)[] Figures =
    [
        ("delivered_per_s", "delivered msgs/s"),
        ("latency_p50_ms", "latency p50 (ms)"),
        ("latency_p95_ms", "latency p95 (ms)"),
        ("latency_p99_ms", "latency p99 (ms)"),
        ("latency_max_ms", "latency max (ms)"),
        ("connect_p50_ms", "connect p50 (ms)"),
        ("connect_p99_ms", "connect p99 (ms)"),
        ("setup_s", "set-up (s)"),
        ("broker_cpu_pct", "broker CPU (% of a core)"),
        ("delivered_per_cpu_s", "deliveries per broker CPU-second"),
        ("broker_rss_mib", "broker RSS (MiB)"),
        ("broker_rss_per_conn_kib", "broker RSS per connection (KiB)"),
        ("errors", "errors"),
        ("lost", "lost"),
        ("loadgen_cpu_pct", "LoadGen CPU (% of a core, all processes)"),
        ("loadgen_max_proc_cpu_pct", "LoadGen CPU (busiest process)"),
        ("other_cpu_pct", "other processes' CPU (% of a core)"),
    ];

    public static int Print(string file, string baseline)
    {
        var runs = File.ReadLines(file)
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToList();
        var text = new StringBuilder();
        foreach (var byCase in runs.GroupBy(r => Str(r, "case")))
        {
            var brokers = byCase.GroupBy(r => Str(r, "broker")).ToList();
            var names = brokers.Select(b => b.Key).ToList();
            var first = byCase.First();
            text.AppendLine(CultureInfo.InvariantCulture, $"### {byCase.Key} ({Str(first, "profile")}, {Describe(first)})");
            text.AppendLine();
            var others = names.Where(n => n != baseline && names.Contains(baseline)).ToList();
            text.Append("| figure |");
            foreach (var name in names)
            {
                text.Append(CultureInfo.InvariantCulture, $" {name} |");
            }

            foreach (var name in others)
            {
                text.Append(CultureInfo.InvariantCulture, $" {name} / {baseline} |");
            }

            text.AppendLine();
            text.AppendLine("|" + string.Concat(Enumerable.Repeat(" --- |", 1 + names.Count + others.Count)));
            foreach (var (key, label) in Figures)
            {
                var values = brokers.ToDictionary(b => b.Key, b => Median(b.Select(r => Figure(r, key))));
                if (values.Values.All(v => v is null))
                {
                    continue;
                }

                text.Append(CultureInfo.InvariantCulture, $"| {label} |");
                foreach (var name in names)
                {
                    text.Append(CultureInfo.InvariantCulture, $" {Format(values[name])} |");
                }

                foreach (var name in others)
                {
                    var ratio = values[name] is { } a && values[baseline] is { } b && b != 0 ? a / b : (double?)null;
                    text.Append(CultureInfo.InvariantCulture, $" {(ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "–")} |");
                }

                text.AppendLine();
            }

            text.Append("| runs |");
            foreach (var broker in brokers)
            {
                text.Append(CultureInfo.InvariantCulture, $" {broker.Count()} |");
            }

            text.AppendLine(string.Concat(Enumerable.Repeat(" |", others.Count)));
            foreach (var note in byCase.Select(r => Str(r, "note")).Where(n => n.Length > 0).Distinct())
            {
                text.AppendLine();
                text.AppendLine("> " + note);
            }

            text.AppendLine();
        }

        Console.Out.Write(text.ToString());
        return 0;
    }

    private static string Describe(JsonElement r)
    {
        var parts = new List<string> { $"{Num(r, "connections")} connections" };
        if (Num(r, "rate_target") is > 0 and var rate)
        {
            parts.Add($"{rate} msgs/s target");
        }

        if (r.TryGetProperty("window", out var window) && window.ValueKind == JsonValueKind.Number)
        {
            parts.Add($"window {window.GetInt32()}");
        }

        parts.Add($"{Num(r, "duration_s")} s");
        return string.Join(", ", parts);
    }

    private static double? Figure(JsonElement r, string key)
    {
        if (key == "delivered_per_cpu_s")
        {
            return Figure(r, "broker_cpu_pct") is > 0 and var cpu && Figure(r, "delivered_per_s") is > 0 and var rate ? rate / (cpu / 100) : null;
        }

        var idle = Str(r, "profile") == "idle";
        if ((key == "broker_rss_per_conn_kib" && !idle)
            || (idle && (key.StartsWith("latency", StringComparison.Ordinal) || key.StartsWith("delivered", StringComparison.Ordinal) || key == "lost")))
        {
            return null;
        }

        return r.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
    }

    private static double? Median(IEnumerable<double?> values)
    {
        var list = values.OfType<double>().Order().ToList();
        return list.Count == 0 ? null : list.Count % 2 == 1 ? list[list.Count / 2] : (list[(list.Count / 2) - 1] + list[list.Count / 2]) / 2;
    }

    private static string Format(double? value) => value switch
    {
        null => "–",
        >= 1000 => value.Value.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => value.Value.ToString("0", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private static string Str(JsonElement r, string key) => r.TryGetProperty(key, out var v) ? v.ToString() : "";

    private static double Num(JsonElement r, string key) =>
        r.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;
}
