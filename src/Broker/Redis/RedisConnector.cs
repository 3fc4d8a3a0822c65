using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Redis;

/// <summary>
/// Connects to Redis at start-up, before Kestrel accepts connections (hosted services start before the
/// server), and creates the backplane so it listens to the subscription registry from the first SUBSCRIBE.
/// </summary>
public sealed class RedisConnector(RedisConnection redis, IBackplane backplane) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = backplane; // resolved for its side effect: it hooks the registry's KeyAdded/KeyRemoved
        await redis.ConnectAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
