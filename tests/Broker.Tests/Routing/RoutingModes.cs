using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;
using Xunit.Abstractions;

namespace CustomerChat.Broker.Tests.Routing;

/// <summary><see cref="RoutingScenarios"/> in memory (one instance; the "two instances" are the same broker).</summary>
public sealed class InMemoryRoutingScenarios : RoutingScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => BrokerHost.StartAsync(settings);

    /// <inheritdoc />
    protected override async Task<BrokerPair> StartPairAsync(params string[] settings)
    {
        var broker = await BrokerHost.StartAsync(settings);
        return new BrokerPair(broker, broker);
    }
}

/// <summary><see cref="RoutingScenarios"/> on Redis: two broker instances on one Redis and one key prefix.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisRoutingScenarios(RedisFixture redis) : RoutingScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => redis.StartBrokerAsync(settings);

    /// <inheritdoc />
    protected override async Task<BrokerPair> StartPairAsync(params string[] settings)
    {
        var prefix = RedisFixture.NewPrefix();
        var a = await redis.StartBrokerAsync(prefix, settings);
        var b = await redis.StartBrokerAsync(prefix, settings);
        return new BrokerPair(a, b);
    }
}

/// <summary><see cref="RandomizedRoutingScenarios"/> in memory.</summary>
public sealed class InMemoryRandomizedRoutingScenarios(ITestOutputHelper output) : RandomizedRoutingScenarios(output)
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => BrokerHost.StartAsync(settings);

    /// <inheritdoc />
    protected override async Task<BrokerPair> StartPairAsync(params string[] settings)
    {
        var broker = await BrokerHost.StartAsync(settings);
        return new BrokerPair(broker, broker);
    }
}

/// <summary><see cref="RandomizedRoutingScenarios"/> on Redis with two instances.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisRandomizedRoutingScenarios(RedisFixture redis, ITestOutputHelper output) : RandomizedRoutingScenarios(output)
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => redis.StartBrokerAsync(settings);

    /// <inheritdoc />
    protected override async Task<BrokerPair> StartPairAsync(params string[] settings)
    {
        var prefix = RedisFixture.NewPrefix();
        var a = await redis.StartBrokerAsync(prefix, settings);
        var b = await redis.StartBrokerAsync(prefix, settings);
        return new BrokerPair(a, b);
    }
}

/// <summary><see cref="RoutingScenarios"/> on the 3-master Redis Cluster: two broker instances on one key prefix.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterRoutingScenarios(RedisClusterFixture cluster) : RoutingScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => cluster.StartBrokerAsync(settings);

    /// <inheritdoc />
    protected override async Task<BrokerPair> StartPairAsync(params string[] settings)
    {
        var prefix = RedisFixture.NewPrefix();
        var a = await cluster.StartBrokerAsync(prefix, settings);
        var b = await cluster.StartBrokerAsync(prefix, settings);
        return new BrokerPair(a, b);
    }
}

/// <summary><see cref="RandomizedRoutingScenarios"/> on the 3-master Redis Cluster with two instances.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterRandomizedRoutingScenarios(RedisClusterFixture cluster, ITestOutputHelper output) : RandomizedRoutingScenarios(output)
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => cluster.StartBrokerAsync(settings);

    /// <inheritdoc />
    protected override async Task<BrokerPair> StartPairAsync(params string[] settings)
    {
        var prefix = RedisFixture.NewPrefix();
        var a = await cluster.StartBrokerAsync(prefix, settings);
        var b = await cluster.StartBrokerAsync(prefix, settings);
        return new BrokerPair(a, b);
    }
}
