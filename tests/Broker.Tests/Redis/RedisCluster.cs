using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CustomerChat.Broker.Tests.Redis;

/// <summary>
/// A real 3-master Redis Cluster (docs/SCALING.md "Redis Cluster"): three <c>redis-server --cluster-enabled yes</c>
/// processes on free loopback ports (each with its own directory, node file and cluster bus port), joined by
/// <c>redis-cli --cluster create … --cluster-replicas 0 --cluster-yes</c>, ready once every node's <c>CLUSTER INFO</c>
/// says <c>cluster_state:ok</c>. Used by <see cref="RedisClusterFixture"/> (shared by the cluster suites) and, with
/// persistence and a kill/restart of one node, by <see cref="RedisClusterNodeFailureTests"/> (a cluster of its own).
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    /// <summary>The number of hash slots of a Redis Cluster.</summary>
    public const int SlotCount = 16384;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly List<RedisServer> _nodes = [];

    private RedisCluster()
    {
    }

    /// <summary>The three master nodes, in the order of <c>--cluster create</c> (node i owns the i-th third of the slots).</summary>
    public IReadOnlyList<RedisServer> Nodes => _nodes;

    /// <summary>The StackExchange.Redis configuration string naming every node.</summary>
    public string Configuration => string.Join(",", _nodes.Select(n => n.Configuration));

    /// <summary>
    /// Starts three cluster-enabled servers (with <paramref name="persistent"/>: an append-only file fsynced on every
    /// write, kept with <c>nodes.conf</c> in each node's directory across a restart), adds <paramref name="nodeArgs"/>
    /// to each, joins them and waits for <c>cluster_state:ok</c>.
    /// </summary>
    public static async Task<RedisCluster> StartAsync(bool persistent = false, int nodeTimeoutMs = 5000, params string[] nodeArgs)
    {
        var cluster = new RedisCluster();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                // The bus port is given explicitly: port + 10000 (the default) may be out of range or taken.
                cluster._nodes.Add(await RedisServer.StartAsync(persistent, port =>
                    ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                     "--cluster-node-timeout", nodeTimeoutMs.ToString(CultureInfo.InvariantCulture),
                     "--cluster-port", RedisServer.FreePort().ToString(CultureInfo.InvariantCulture), .. nodeArgs]));
            }

            var create = await RunCliAsync(["--cluster", "create", .. cluster._nodes.Select(n => n.Configuration), "--cluster-replicas", "0", "--cluster-yes"]);
            if (create.ExitCode != 0)
            {
                throw new InvalidOperationException($"redis-cli --cluster create failed ({create.ExitCode}): {create.Output}");
            }

            await cluster.WaitUntilOkAsync(cluster._nodes);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>For every hash slot, the index in <see cref="Nodes"/> of the master that owns it (from <c>CLUSTER SLOTS</c> of node 0).</summary>
    public async Task<int[]> SlotOwnersAsync()
    {
        var owners = Enumerable.Repeat(-1, SlotCount).ToArray();
        foreach (var (port, start, end) in await SlotRangesAsync())
        {
            Array.Fill(owners, _nodes.FindIndex(n => n.Port == port), start, end - start + 1);
        }

        return owners.Contains(-1) ? throw new InvalidOperationException("Some slots have no owner.") : owners;
    }

    /// <summary>The node's id in the cluster (<c>CLUSTER MYID</c>).</summary>
    public async Task<string> NodeIdAsync(int node) => (await CliAsync(node, "cluster", "myid")).Trim();

    /// <summary>Kills node <paramref name="node"/> abruptly (SIGKILL): no shutdown, no last write.</summary>
    public Task KillAsync(int node) => _nodes[node].StopAsync();

    /// <summary>Restarts node <paramref name="node"/> on its port and directory (same <c>nodes.conf</c> and data) and waits until every node says <c>cluster_state:ok</c>.</summary>
    public async Task RestartAsync(int node)
    {
        await _nodes[node].StartAgainAsync();
        await WaitUntilOkAsync(_nodes);
    }

    /// <summary>
    /// Waits until every node but <paramref name="failed"/> flags it <c>fail</c> in <c>CLUSTER NODES</c> (the
    /// cluster has given up on it after <c>cluster-node-timeout</c>) and still says <c>cluster_state:ok</c>
    /// (which needs <c>cluster-require-full-coverage no</c>).
    /// </summary>
    public async Task WaitUntilFlaggedFailedAsync(int failed, string failedId)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        for (var i = 0; i < _nodes.Count; i++)
        {
            if (i == failed)
            {
                continue;
            }

            while (true)
            {
                var line = (await CliAsync(i, "cluster", "nodes")).Split('\n').FirstOrDefault(l => l.StartsWith(failedId, StringComparison.Ordinal)) ?? "";
                var flags = line.Split(' ').ElementAtOrDefault(2) ?? "";
                if (flags.Split(',').Contains("fail"))
                {
                    break;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Node {i} did not flag {failedId} as failed within {ReadyTimeout.TotalSeconds} s: {line}");
                }

                await Task.Delay(100); // polling the cluster's failure detection; bounded by the deadline
            }
        }

        await WaitUntilOkAsync(_nodes.Where((_, i) => i != failed));
    }

    /// <summary>Runs <c>redis-cli -p &lt;port&gt; args…</c> against node <paramref name="node"/>; returns its output.</summary>
    public async Task<string> CliAsync(int node, params string[] args) =>
        (await RunCliAsync(["-p", _nodes[node].Port.ToString(CultureInfo.InvariantCulture), .. args])).Output;

    /// <summary>
    /// The hash slot of a key or channel name as Redis computes it (docs: "Redis cluster specification", key
    /// distribution model): CRC16/XMODEM of the hash tag (the text between the first <c>{</c> and the next
    /// <c>}</c>, when not empty) or of the whole name, modulo 16384.
    /// </summary>
    public static int HashSlot(string key)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        var open = Array.IndexOf(bytes, (byte)'{');
        if (open >= 0)
        {
            var close = Array.IndexOf(bytes, (byte)'}', open + 1);
            if (close > open + 1)
            {
                bytes = bytes[(open + 1)..close];
            }
        }

        var crc = 0;
        foreach (var b in bytes)
        {
            crc ^= b << 8;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }

        return (crc & 0xFFFF) % SlotCount;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    private async Task<List<(int Port, int Start, int End)>> SlotRangesAsync()
    {
        // CLUSTER SLOTS in redis-cli's plain output: per range, start, end, then the master's ip, port, id (one per line).
        var lines = (await CliAsync(0, "cluster", "slots")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ranges = new List<(int, int, int)>();
        for (var i = 0; i + 4 < lines.Length; i++)
        {
            if (int.TryParse(lines[i], CultureInfo.InvariantCulture, out var start) && int.TryParse(lines[i + 1], CultureInfo.InvariantCulture, out var end)
                && lines[i + 2] == "127.0.0.1" && int.TryParse(lines[i + 3], CultureInfo.InvariantCulture, out var port))
            {
                ranges.Add((port, start, end));
                i += 4;
            }
        }

        return ranges;
    }

    private async Task WaitUntilOkAsync(IEnumerable<RedisServer> nodes)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        foreach (var node in nodes)
        {
            while (true)
            {
                var info = await RunCliAsync(["-p", node.Port.ToString(CultureInfo.InvariantCulture), "cluster", "info"]);
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
