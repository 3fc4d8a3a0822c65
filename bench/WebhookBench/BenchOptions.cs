using System.Globalization;

namespace CustomerChat.WebhookBench;

/// <summary>The bench's command line (see <see cref="Usage"/>).</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        WebhookBench: webhook throughput and event-to-delivery delay against a real broker child process.

          dotnet bench/WebhookBench/bin/Release/net10.0/WebhookBench.dll [options]

          --modes memory,redis   broker back-ends to run, in order (redis starts its own redis-server)
          --rates 200,500,1000   target chat messages/s, one step each (open loop, paced over the customers)
          --duration 10          seconds of load per step (the first 2 s are warm-up, not measured)
          --customers 50         customers (STOMP connections), each with its own conversation
          --workers 4            CustomerChat:WebhookDelivery:WorkersPerEndpoint of the broker
          --drain 15             seconds to wait after a step for the remaining deliveries
          --broker PATH          CustomerChat.Broker.dll (default: src/Broker/bin/Release/net10.0 of this repo)
          --redis-server PATH    redis-server (default: the one on PATH)
          --json PATH            also write the results as JSON lines to PATH
          --broker-log PATH      write the end of the broker's output to PATH-<mode>.log
          --log-level LEVEL      the broker's Logging:LogLevel:Default (default: the broker's own, Information)
        """;

    public string[] Modes { get; private set; } = ["memory", "redis"];

    public int[] Rates { get; private set; } = [200, 500, 1000];

    public int DurationSeconds { get; private set; } = 10;

    public int Customers { get; private set; } = 50;

    public int Workers { get; private set; } = 4;

    public int DrainSeconds { get; private set; } = 15;

    public string? BrokerDll { get; private set; }

    public string RedisServer { get; private set; } = "redis-server";

    public string? JsonPath { get; private set; }

    public string? BrokerLog { get; private set; }

    public string? LogLevel { get; private set; }

    public const int WarmupSeconds = 2;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            i++;
            switch (args[i - 1])
            {
                case "--modes": options.Modes = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--rates": options.Rates = value.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--duration": options.DurationSeconds = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--customers": options.Customers = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--workers": options.Workers = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--drain": options.DrainSeconds = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--broker": options.BrokerDll = value; break;
                case "--redis-server": options.RedisServer = value; break;
                case "--json": options.JsonPath = value; break;
                case "--broker-log": options.BrokerLog = value; break;
                case "--log-level": options.LogLevel = value; break;
                default: throw new ArgumentException($"unknown option {args[i - 1]}");
            }
        }

        if (options.Modes.Any(m => m is not ("memory" or "redis")))
        {
            throw new ArgumentException("--modes takes memory and/or redis");
        }

        if (options.DurationSeconds <= WarmupSeconds || options.Customers < 1 || options.Rates.Any(r => r < 1))
        {
            throw new ArgumentException($"--duration must exceed {WarmupSeconds}, --customers and --rates must be positive");
        }

        return options;
    }
}
