using CustomerChat.Broker.Tests.Conversations;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Redis;

// The shared chat scenario suites (tests/Broker.Tests/Conversations) run against Redis here, exactly as
// their InMemory* twins run in memory: one suite, two modes, so they cannot drift apart.

/// <summary><see cref="LifecycleScenarios"/> on Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisLifecycleScenarios(RedisFixture redis) : LifecycleScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => redis.StartBrokerAsync(settings);
}

/// <summary><see cref="RecoveryScenarios"/> on Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisRecoveryScenarios(RedisFixture redis) : RecoveryScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => redis.StartBrokerAsync(settings);
}

/// <summary><see cref="RefusalScenarios"/> on Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisRefusalScenarios(RedisFixture redis) : RefusalScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => redis.StartBrokerAsync(settings);
}

// The same suites on a real 3-master Redis Cluster (sharded pub/sub, one slot per atomic step).

/// <summary><see cref="LifecycleScenarios"/> on a Redis Cluster.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterLifecycleScenarios(RedisClusterFixture cluster) : LifecycleScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => cluster.StartBrokerAsync(settings);
}

/// <summary><see cref="RecoveryScenarios"/> on a Redis Cluster.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterRecoveryScenarios(RedisClusterFixture cluster) : RecoveryScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => cluster.StartBrokerAsync(settings);
}

/// <summary><see cref="RefusalScenarios"/> on a Redis Cluster.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterRefusalScenarios(RedisClusterFixture cluster) : RefusalScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => cluster.StartBrokerAsync(settings);
}

/// <summary><see cref="DeliveryGuaranteeScenarios"/> on Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisDeliveryGuaranteeScenarios(RedisFixture redis) : DeliveryGuaranteeScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => redis.StartBrokerAsync(settings);
}

/// <summary><see cref="DeliveryGuaranteeScenarios"/> on a Redis Cluster.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterDeliveryGuaranteeScenarios(RedisClusterFixture cluster) : DeliveryGuaranteeScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => cluster.StartBrokerAsync(settings);
}
