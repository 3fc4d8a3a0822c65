using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Redis;

/// <summary>
/// One <c>redis-server</c> shared by the Redis test classes (the <see cref="RedisCollection"/>); every
/// broker a test starts gets its own key prefix, so tests never see each other's data.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;

    /// <summary>The shared server.</summary>
    public RedisServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>A fresh key prefix, e.g. <c>t3f2…:</c>.</summary>
    public static string NewPrefix() => $"t{Guid.NewGuid():N}:";

    /// <summary>The settings that point a broker at <paramref name="server"/> under <paramref name="prefix"/>.</summary>
    public static string[] Settings(RedisServer server, string prefix, params string[] settings) =>
        [$"CustomerChat:Redis:Configuration={server.Configuration}", $"CustomerChat:Redis:KeyPrefix={prefix}", .. settings];

    /// <summary>Starts a broker on the shared server with a key prefix of its own.</summary>
    public Task<BrokerHost> StartBrokerAsync(params string[] settings) => StartBrokerAsync(NewPrefix(), settings);

    /// <summary>Starts a broker on the shared server under <paramref name="prefix"/> (brokers that share a prefix form one cluster).</summary>
    public Task<BrokerHost> StartBrokerAsync(string prefix, params string[] settings) => BrokerHost.StartAsync(Settings(Server, prefix, settings));

    /// <inheritdoc />
    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>The Redis tests: one shared server, classes run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Redis";
}
