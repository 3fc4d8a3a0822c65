using System.Globalization;

namespace CustomerChat.LoadGen;

/// <summary>
/// One reading of a process from /proc: user + system CPU time (from <c>/proc/PID/stat</c>, in USER_HZ
/// ticks, 100 per second on Linux) and resident memory (<c>VmRSS</c> of <c>/proc/PID/status</c>).
/// </summary>
internal readonly record struct ProcSample(double CpuSeconds, long RssBytes, bool Ok)
{
    private const double UserHz = 100.0;

    public static ProcSample Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // The command name is in parentheses and may hold spaces: fields are counted after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var utime = long.Parse(fields[11], CultureInfo.InvariantCulture); // field 14 of the whole line
            var stime = long.Parse(fields[12], CultureInfo.InvariantCulture); // field 15
            long rss = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                    break;
                }
            }

            return new ProcSample((utime + stime) / UserHz, rss, true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return default;
        }
    }

    /// <summary>Sums several processes (the two instances of the cross profile).</summary>
    public static ProcSample Read(IReadOnlyList<int> pids)
    {
        double cpu = 0;
        long rss = 0;
        var ok = pids.Count > 0;
        foreach (var pid in pids)
        {
            var one = Read(pid);
            ok &= one.Ok;
            cpu += one.CpuSeconds;
            rss += one.RssBytes;
        }

        return new ProcSample(cpu, rss, ok);
    }
}

/// <summary>
/// The whole machine's CPU from the first line of <c>/proc/stat</c>: busy and total time of all cores, in
/// USER_HZ ticks. Over a window, busy / total × cores × 100 is the machine's CPU in % of one core, so what
/// the broker and the load generator did not use shows how much other work shared the machine.
/// </summary>
internal readonly record struct MachineSample(long Busy, long Total, bool Ok)
{
    public static MachineSample Read()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var total = fields.Take(8).Sum(); // user nice system idle iowait irq softirq steal
            var idle = fields[3] + fields[4];
            return new MachineSample(total - idle, total, true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or InvalidOperationException)
        {
            return default;
        }
    }

    /// <summary>CPU used by the whole machine between two samples, in % of one core.</summary>
    public static double? PercentOfOneCore(MachineSample start, MachineSample end) =>
        start.Ok && end.Ok && end.Total > start.Total
            ? (double)(end.Busy - start.Busy) / (end.Total - start.Total) * Environment.ProcessorCount * 100
            : null;
}

