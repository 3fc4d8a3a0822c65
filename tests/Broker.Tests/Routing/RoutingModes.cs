using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;

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
public sealed class InMemoryRandomizedRoutingScenarios : RandomizedRoutingScenarios
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
public sealed class RedisRandomizedRoutingScenarios(RedisFixture redis) : RandomizedRoutingScenarios
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
