namespace CustomerChat.Broker.Redis;

/// <summary>
/// Connects to Redis at start-up, before Kestrel accepts connections (hosted services start before the
/// server).
/// </summary>
public sealed class RedisConnector(RedisConnection redis) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await redis.ConnectAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
