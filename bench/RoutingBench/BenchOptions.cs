using System.Globalization;

namespace CustomerChat.RoutingBench;

/// <summary>
/// Command line: <c>--agents 50 --capacity 2 --waiting 1000 --samples 300 --warmup 20 --pause-ms 250
/// --broker-dll PATH --redis-server PATH</c> (all optional; defaults shown).
/// </summary>
internal sealed class BenchOptions
{
    /// <summary>Configured agents, half connected to each instance.</summary>
    public int Agents { get; private set; } = 50;

    /// <summary>Each agent's capacity (all of it is taken before the measurement).</summary>
    public int Capacity { get; private set; } = 2;

    /// <summary>Customers waiting throughout (one more arrives after each sample).</summary>
    public int Waiting { get; private set; } = 1000;

    /// <summary>Measured samples.</summary>
    public int Samples { get; private set; } = 300;

    /// <summary>Samples run first and not counted (JIT, connection pools).</summary>
    public int Warmup { get; private set; } = 20;

    /// <summary>Pause between samples, so the position updates of one do not overlap the next.</summary>
    public TimeSpan Pause { get; private set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The broker to start (built with <c>dotnet build -c Release</c>).</summary>
    public string? BrokerDll { get; private set; }

    /// <summary>The redis-server executable.</summary>
    public string RedisServer { get; private set; } = "redis-server";

    /// <summary>Parses the arguments.</summary>
    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            int Int() => int.Parse(value, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--agents": o.Agents = Int(); break;
                case "--capacity": o.Capacity = Int(); break;
                case "--waiting": o.Waiting = Int(); break;
                case "--samples": o.Samples = Int(); break;
                case "--warmup": o.Warmup = Int(); break;
                case "--pause-ms": o.Pause = TimeSpan.FromMilliseconds(Int()); break;
                case "--broker-dll": o.BrokerDll = value; break;
                case "--redis-server": o.RedisServer = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        return o;
    }
}
