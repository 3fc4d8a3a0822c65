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
