using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Redis;

/// <summary>
/// A real 3-master Redis Cluster shared by the cluster suites (docs/SCALING.md "Redis Cluster"): a
/// <see cref="RedisCluster"/> without persistence. Every broker a test starts gets its own key prefix, so tests never
/// see each other's data. Tests that kill a node start a cluster of their own (<see cref="RedisClusterNodeFailureTests"/>).
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private RedisCluster? _cluster;

    private RedisCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The three master nodes.</summary>
    public IReadOnlyList<RedisServer> Nodes => Cluster.Nodes;

    /// <summary>The StackExchange.Redis configuration string naming every node.</summary>
    public string Configuration => Cluster.Configuration;

    /// <summary>The settings that point a broker at the cluster under <paramref name="prefix"/>.</summary>
    public string[] Settings(string prefix, params string[] settings) =>
        [$"CustomerChat:Redis:Configuration={Configuration}", $"CustomerChat:Redis:KeyPrefix={prefix}", .. settings];

    /// <summary>Starts a broker on the cluster with a key prefix of its own.</summary>
    public Task<BrokerHost> StartBrokerAsync(params string[] settings) => StartBrokerAsync(RedisFixture.NewPrefix(), settings);

    /// <summary>Starts a broker on the cluster under <paramref name="prefix"/> (brokers that share a prefix form one deployment).</summary>
    public Task<BrokerHost> StartBrokerAsync(string prefix, params string[] settings) => BrokerHost.StartAsync(Settings(prefix, settings));

    /// <summary>Starts three cluster-enabled servers, joins them and waits for <c>cluster_state:ok</c>.</summary>
    public async Task InitializeAsync() => _cluster = await RedisCluster.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>The Redis Cluster tests: one shared 3-master cluster, classes run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "RedisCluster";
}
