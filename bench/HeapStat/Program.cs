using System.Globalization;
using Microsoft.Diagnostics.Tracing;

// HeapStat: the live managed heap of a process, by type, from a heap dump taken with dotnet-trace
// (what dotnet-gcdump shows, for machines where only dotnet-trace installs); and from any trace with GC
// events (e.g. `dotnet-trace collect -p PID --profile gc-collect`), the collections by generation and
// the time the runtime was paused for them:
//
//   dotnet-trace collect -p PID --providers Microsoft-Windows-DotNETRuntime:0x1980001:5 --duration 00:00:00:05 -o heap.nettrace
//   dotnet bench/HeapStat/bin/Release/net10.0/HeapStat.dll heap.nettrace [--per N] [--top 40]
//
// The provider keywords (GC | Type | GCHeapDump | GCHeapCollect | GCHeapAndTypeNames) make the runtime run a
// full blocking GC and walk the heap from its roots, so every object listed is live. --per N divides by N
// (the number of connections open at the time) to give bytes per connection.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: HeapStat TRACE.nettrace [--per N] [--top COUNT]");
    return 2;
}

var per = 1.0;
var top = 40;
for (var i = 1; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--per": per = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--top": top = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

var types = new Dictionary<ulong, string>();
var collections = new long[3];
var induced = 0L;
double pausedMs = 0, suspendedAt = -1, firstMs = -1, lastMs = 0;
var sizes = new Dictionary<ulong, (long Count, long Bytes)>();
using (var source = new EventPipeEventSource(args[0]))
{
    source.Clr.GCHeapStats += e => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"after GC: gen0 {e.GenerationSize0:N0}  gen1 {e.GenerationSize1:N0}  gen2 {e.GenerationSize2:N0}  LOH {e.GenerationSize3:N0}  POH {e.GenerationSize4:N0} bytes"));
    source.Clr.GCStart += e =>
    {
        if (e.Reason == Microsoft.Diagnostics.Tracing.Parsers.Clr.GCReason.Induced)
        {
            induced++;
        }
        else
        {
            collections[Math.Min(e.Depth, 2)]++;
        }
    };
    source.Clr.GCSuspendEEStart += e => suspendedAt = e.TimeStampRelativeMSec;
    source.Clr.GCRestartEEStop += e =>
    {
        if (suspendedAt >= 0)
        {
            pausedMs += e.TimeStampRelativeMSec - suspendedAt;
            suspendedAt = -1;
        }
    };
    source.AllEvents += e =>
    {
        firstMs = firstMs < 0 ? e.TimeStampRelativeMSec : firstMs;
        lastMs = e.TimeStampRelativeMSec;
    };
    source.Clr.TypeBulkType += e =>
    {
        for (var i = 0; i < e.Count; i++)
        {
            var value = e.Values(i);
            types[value.TypeID] = value.TypeName;
        }
    };
    source.Clr.GCBulkNode += e =>
    {
        for (var i = 0; i < e.Count; i++)
        {
            var value = e.Values(i);
            sizes.TryGetValue(value.TypeID, out var seen);
            sizes[value.TypeID] = (seen.Count + 1, seen.Bytes + (long)value.Size);
        }
    };
    source.Process();
}

var seconds = Math.Max(0.001, (lastMs - firstMs) / 1000);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"collections over {seconds:0.0} s: gen0 {collections[0]} ({collections[0] / seconds:0.0}/s), gen1 {collections[1]}, gen2 {collections[2]}, induced {induced}; runtime paused {pausedMs:0.0} ms ({pausedMs / seconds / 10:0.00} % of the time)"));
if (sizes.Count == 0)
{
    Console.Error.WriteLine("no heap dump in this trace (for one, collect with the providers shown in --help)");
    return 0;
}

var total = sizes.Values.Sum(s => s.Bytes);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"live: {sizes.Values.Sum(s => s.Count):N0} objects, {total:N0} bytes ({total / per:N0} bytes per {per:N0})"));
Console.WriteLine();
Console.WriteLine("         bytes    objects  bytes/per  objects/per  type");
foreach (var (id, s) in sizes.OrderByDescending(kv => kv.Value.Bytes).Take(top))
{
    var name = types.TryGetValue(id, out var n) ? n : $"type {id}";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Bytes,14:N0} {s.Count,10:N0} {s.Bytes / per,10:N1} {s.Count / per,12:N2}  {name}"));
}

// By origin: where the bytes of each namespace family go (strings and arrays are shared, listed apart).
Console.WriteLine();
Console.WriteLine("by origin (bytes/per):");
foreach (var group in sizes.GroupBy(kv => Origin(types.TryGetValue(kv.Key, out var n) ? n : "")).OrderByDescending(g => g.Sum(kv => kv.Value.Bytes)))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group.Sum(kv => kv.Value.Bytes) / per,10:N0}  {group.Key}"));
}

return 0;

static string Origin(string type) => type switch
{
    _ when type.Contains("CustomerChat.", StringComparison.Ordinal) => "CustomerChat (broker's own types, incl. generics over them)",
    _ when type.Contains("Kestrel", StringComparison.Ordinal) => "Kestrel (HTTP/1.1 connection, transport)",
    _ when type.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || type.Contains("AspNetCore", StringComparison.Ordinal) => "ASP.NET Core (HttpContext, middleware)",
    _ when type.Contains("WebSocket", StringComparison.Ordinal) => "System.Net.WebSockets",
    _ when type.Contains("System.IO.Pipelines", StringComparison.Ordinal) => "System.IO.Pipelines (Kestrel's two pipes + the broker's read pipe)",
    _ when type.Contains("System.Net.Sockets", StringComparison.Ordinal) => "System.Net.Sockets",
    "System.String" => "strings (headers, ids, names)",
    _ when type.EndsWith("[]", StringComparison.Ordinal) => "other arrays",
    _ => "other (tasks, cancellation, locks, collections...)",
};
