using System.Diagnostics;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Redis;

/// <summary>
/// A real 3-master Redis Cluster for the tests (docs/SCALING.md "Redis Cluster"): three
/// <c>redis-server --cluster-enabled yes</c> processes on free loopback ports (each with its own directory,
/// node file and cluster bus port), joined by <c>redis-cli --cluster create … --cluster-replicas 0 --cluster-yes</c>,
/// ready once every node's <c>CLUSTER INFO</c> says <c>cluster_state:ok</c>. Every broker a test starts gets its
/// own key prefix, so tests never see each other's data.
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly List<RedisServer> _nodes = [];

    /// <summary>The three master nodes.</summary>
    public IReadOnlyList<RedisServer> Nodes => _nodes;

    /// <summary>The StackExchange.Redis configuration string naming every node.</summary>
    public string Configuration => string.Join(",", _nodes.Select(n => n.Configuration));

    /// <summary>The settings that point a broker at the cluster under <paramref name="prefix"/>.</summary>
    public string[] Settings(string prefix, params string[] settings) =>
        [$"CustomerChat:Redis:Configuration={Configuration}", $"CustomerChat:Redis:KeyPrefix={prefix}", .. settings];

    /// <summary>Starts a broker on the cluster with a key prefix of its own.</summary>
    public Task<BrokerHost> StartBrokerAsync(params string[] settings) => StartBrokerAsync(RedisFixture.NewPrefix(), settings);

    /// <summary>Starts a broker on the cluster under <paramref name="prefix"/> (brokers that share a prefix form one deployment).</summary>
    public Task<BrokerHost> StartBrokerAsync(string prefix, params string[] settings) => BrokerHost.StartAsync(Settings(prefix, settings));

    /// <summary>Starts three cluster-enabled servers, joins them and waits for <c>cluster_state:ok</c>.</summary>
    public async Task InitializeAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            // The bus port is given explicitly: port + 10000 (the default) may be out of range or taken.
            _nodes.Add(await RedisServer.StartAsync(persistent: false, port =>
                ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000",
                 "--cluster-port", RedisServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        }

        var create = await RunCliAsync(["--cluster", "create", .. _nodes.Select(n => n.Configuration), "--cluster-replicas", "0", "--cluster-yes"]);
        if (create.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli --cluster create failed ({create.ExitCode}): {create.Output}");
        }

        var deadline = DateTime.UtcNow + ReadyTimeout;
        foreach (var node in _nodes)
        {
            while (true)
            {
                var info = await RunCliAsync(["-p", node.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "cluster", "info"]);
                if (info.Output.Contains("cluster_state:ok", StringComparison.Ordinal))
                {
                    break;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"The cluster did not become ok within {ReadyTimeout.TotalSeconds} s: {info.Output}");
                }

                await Task.Delay(100); // polling the cluster state of starting processes; bounded by the deadline
            }
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    private static async Task<(int ExitCode, string Output)> RunCliAsync(string[] args)
    {
        var start = new ProcessStartInfo(FindRedisCli())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindRedisCli()
    {
        var server = RedisServer.FindRedisServer();
        var beside = Path.Combine(Path.GetDirectoryName(server)!, "redis-cli");
        return File.Exists(beside) ? beside : "redis-cli";
    }
}

/// <summary>The Redis Cluster tests: one shared 3-master cluster, classes run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "RedisCluster";
}
