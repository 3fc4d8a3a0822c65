using System.Globalization;

namespace CustomerChat.LoadGen;

/// <summary>The command line: <c>--name value</c> pairs, every one with a default. See <see cref="Usage"/>.</summary>
internal sealed class LoadGenOptions
{
    public const string Usage = """
        LoadGen: drives a STOMP 1.2 over WebSocket broker on loopback and reports what it delivered.

          dotnet LoadGen.dll --profile fanout|pairs|chat|idle|cross --url ws://127.0.0.1:5000/ws [options]

        target
          --url URL            the broker's WebSocket endpoint (subscribers; everything for one-instance profiles)
          --pub-url URL        cross: the instance the publishers use (default: --url)
          --auth KIND          customerchat (token from /api/auth/login, /api/auth/guest) | rabbitmq (guest/guest) | none
          --http URL           where /api/auth lives (default: --url's host as http://)
          --agent NAME         customerchat: the agent for topic connections (default alice)
          --agents A,B         chat: the agent accounts, one connection each (default alice,bob)
          --password P         customerchat: the agents' password (default demo)
          --login L --passcode P   auth none/rabbitmq: CONNECT credentials (default guest/guest)
          --broker-pid PIDS    read RSS and CPU of these processes from /proc (comma separated; cross: both instances)
          --label TEXT         names the broker in the output (default: --auth)
          --case NAME          names the case in the JSON, for --summarize (default: the profile)
        load
          --subscribers N      fanout: subscribers on one topic (default 100)
          --pairs P            pairs, cross: publisher/subscriber pairs, each on its own topic (default 10)
          --rate R             fanout: msgs/s published; cross, pairs: total msgs/s (0 = as fast as the window allows);
                               chat: total customer msgs/s (defaults 200 / 0 / 0 / 200)
          --window W           pairs, cross: messages in flight per pair (default 100)
          --customers N        chat: customers (default 200)
          --connections N      idle: connections (default 1000)
          --heartbeat MS       idle: heart-beat both ways (default 10000); other profiles use 0,0
          --idle-subscribe S   idle: own (each connection its own topic, like a user's private queues), shared
                               (all on one topic) or none (default own)
          --size BYTES         message body size (default 100)
          --topic-prefix P     topic names are /topic/<P>-<n> (default lg)
        time and processes
          --duration S         measured seconds (default 10)
          --warmup S           seconds of load before measuring (default 2)
          --drain S            longest wait for stragglers after the last publish (default 3)
          --connect-parallel N connections opened at once per process (default 32)
          --procs K            worker processes to spread the clients over (default 1: all in this process)
          --timeout S          hard limit on the whole run; past it the run stops and reports (default 300)
          --json-out FILE      also append the JSON line to FILE

          dotnet LoadGen.dll --summarize FILE [--baseline LABEL]
                               reads the JSON lines of FILE and prints one markdown table per case: each broker's
                               figures (the median over repeated runs) and the ratio of each to LABEL (default rabbitmq)
        """;

    public string Profile { get; private set; } = "fanout";
    public Uri Url { get; private set; } = new("ws://127.0.0.1:5000/ws");
    public Uri PubUrl { get; private set; } = new("ws://127.0.0.1:5000/ws");
    public string Auth { get; private set; } = "customerchat";
    public Uri Http { get; private set; } = new("http://127.0.0.1:5000");
    public string Agent { get; private set; } = "alice";
    public string[] Agents { get; private set; } = ["alice", "bob"];
    public string Password { get; private set; } = "demo";
    public string Login { get; private set; } = "guest";
    public string Passcode { get; private set; } = "guest";
    public int[] BrokerPids { get; private set; } = [];
    public string Label { get; private set; } = "";
    public string Case { get; private set; } = "";
    public int Subscribers { get; private set; } = 100;
    public int Pairs { get; private set; } = 10;
    public double Rate { get; private set; }
    public int Window { get; private set; } = 100;
    public int Customers { get; private set; } = 200;
    public int Connections { get; private set; } = 1000;
    public int HeartbeatMs { get; private set; } = 10_000;
    public string IdleSubscribe { get; private set; } = "own";
    public int Size { get; private set; } = 100;
    public string TopicPrefix { get; private set; } = "lg";
    public double Duration { get; private set; } = 10;
    public double Warmup { get; private set; } = 2;
    public double Drain { get; private set; } = 3;
    public int ConnectParallel { get; private set; } = 32;
    public int Procs { get; private set; } = 1;
    public double Timeout { get; private set; } = 300;
    public string? JsonOut { get; private set; }

    /// <summary>Set in a worker process: its index among <see cref="Procs"/>.</summary>
    public int WorkerIndex { get; private set; } = -1;

    /// <summary>The arguments as given, to pass on to worker processes.</summary>
    public IReadOnlyList<string> Raw { get; private set; } = [];

    public bool IsWorker => WorkerIndex >= 0;

    public static LoadGenOptions Parse(string[] args)
    {
        var o = new LoadGenOptions { Raw = args };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var key = args[i];
            if (!key.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected --name value, got '{key}'.");
            }

            var value = args[++i];
            seen.Add(key);
            switch (key)
            {
                case "--profile": o.Profile = value; break;
                case "--url": o.Url = LoopbackUri(value); break;
                case "--pub-url": o.PubUrl = LoopbackUri(value); break;
                case "--auth": o.Auth = value; break;
                case "--http": o.Http = LoopbackUri(value); break;
                case "--agent": o.Agent = value; break;
                case "--agents": o.Agents = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--password": o.Password = value; break;
                case "--login": o.Login = value; break;
                case "--passcode": o.Passcode = value; break;
                case "--broker-pid": o.BrokerPids = value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--label": o.Label = value; break;
                case "--case": o.Case = value; break;
                case "--subscribers": o.Subscribers = PositiveInt(key, value); break;
                case "--pairs": o.Pairs = PositiveInt(key, value); break;
                case "--rate": o.Rate = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--window": o.Window = PositiveInt(key, value); break;
                case "--customers": o.Customers = PositiveInt(key, value); break;
                case "--connections": o.Connections = PositiveInt(key, value); break;
                case "--heartbeat": o.HeartbeatMs = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--idle-subscribe": o.IdleSubscribe = value is "own" or "shared" or "none" ? value : throw new ArgumentException("--idle-subscribe must be own, shared or none."); break;
                case "--size": o.Size = PositiveInt(key, value); break;
                case "--topic-prefix": o.TopicPrefix = value; break;
                case "--duration": o.Duration = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--warmup": o.Warmup = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--drain": o.Drain = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--connect-parallel": o.ConnectParallel = PositiveInt(key, value); break;
                case "--procs": o.Procs = PositiveInt(key, value); break;
                case "--timeout": o.Timeout = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--json-out": o.JsonOut = value; break;
                case "--worker": o.WorkerIndex = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option '{key}'.");
            }
        }

        if (!seen.Contains("--pub-url"))
        {
            o.PubUrl = o.Url;
        }

        if (!seen.Contains("--http"))
        {
            o.Http = new UriBuilder(o.Url) { Scheme = "http", Path = "/" }.Uri;
        }

        if (!seen.Contains("--rate"))
        {
            o.Rate = o.Profile switch { "fanout" => 200, "chat" => 200, _ => 0 };
        }

        if (o.Label.Length == 0)
        {
            o.Label = o.Auth;
        }

        if (o.Case.Length == 0)
        {
            o.Case = o.Profile;
        }

        if (o.Profile is not ("fanout" or "pairs" or "chat" or "idle" or "cross"))
        {
            throw new ArgumentException($"Unknown profile '{o.Profile}': use fanout, pairs, chat, idle or cross.");
        }

        if (o.Auth is not ("customerchat" or "rabbitmq" or "none"))
        {
            throw new ArgumentException($"Unknown auth '{o.Auth}': use customerchat, rabbitmq or none.");
        }

        if (o.Duration <= 0 || o.Duration > 3600 || o.Warmup < 0 || o.Drain < 0 || o.Timeout <= 0)
        {
            throw new ArgumentException("--duration must be in (0, 3600], --warmup, --drain >= 0, --timeout > 0.");
        }

        if (o.Size < 32)
        {
            throw new ArgumentException("--size must be at least 32 bytes (the timestamp lives in the body).");
        }

        return o;
    }

    /// <summary>The load generator only targets loopback: anything else is refused.</summary>
    private static Uri LoopbackUri(string value)
    {
        var uri = new Uri(value);
        if (!uri.IsLoopback)
        {
            throw new ArgumentException($"'{value}' is not a loopback address: LoadGen only drives brokers on this machine.");
        }

        return uri;
    }

    private static int PositiveInt(string key, string value)
    {
        var n = int.Parse(value, CultureInfo.InvariantCulture);
        return n > 0 ? n : throw new ArgumentException($"{key} must be positive.");
    }
}
