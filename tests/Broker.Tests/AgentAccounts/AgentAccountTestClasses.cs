using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;

namespace CustomerChat.Broker.Tests.AgentAccounts;

/// <summary><see cref="AgentAccountScenarios"/> with everything in memory.</summary>
public sealed class InMemoryAgentAccountTests : AgentAccountScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync() => BrokerHost.StartAsync();
}

/// <summary><see cref="AgentAccountScenarios"/> on Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisAgentAccountTests(RedisFixture redis) : AgentAccountScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync() => redis.StartBrokerAsync();
}
