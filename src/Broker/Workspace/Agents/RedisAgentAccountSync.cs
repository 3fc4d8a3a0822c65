using CustomerChat.Broker.Redis;
using CustomerChat.Broker.Stomp;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>
/// Redis mode: keeps every instance's <see cref="AgentAccountCache"/> current (docs/protocol.md §15 "Storage").
/// At start it subscribes to <c>{p}{agents}:changed</c> and loads every account; each message on the channel (a
/// username) refreshes that account here, which ends the agent's sessions on this instance when the account was
/// disabled or deleted; every <see cref="AgentAccountsOptions.RefreshInterval"/> it reloads everything, so an
/// announcement lost while Redis was away is made up for. It is also the <see cref="IAgentAccountChangeFeed"/> that
/// publishes those messages.
/// </summary>
public sealed class RedisAgentAccountSync(
    RedisConnection redis,
    RedisAgentAccountStore store,
    AgentAccountCache cache,
    IOptions<AgentAccountsOptions> options,
    TimeProvider time,
    ILogger<RedisAgentAccountSync> logger) : BackgroundService, IAgentAccountChangeFeed
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private RedisChannel Channel => RedisChannel.Literal(store.ChangedChannel);

    /// <inheritdoc />
    public async Task AnnounceAsync(string username, CancellationToken cancellationToken)
    {
        try
        {
            await redis.RunAsync("agents-announce", m => m.GetSubscriber().PublishAsync(Channel, username)).ConfigureAwait(false);
        }
        catch (BackplaneUnavailableException ex)
        {
            AgentAccountLog.AnnounceFailed(logger, username, ex);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ChannelMessageQueue? queue = null;
        if (!await RetryAsync(async () => queue = await redis.RunAsync("agents-subscribe", m => m.GetSubscriber().SubscribeAsync(Channel)).ConfigureAwait(false), stoppingToken).ConfigureAwait(false)
            || queue is null)
        {
            return;
        }

        try
        {
            if (!await RetryAsync(() => cache.ReloadAsync(stoppingToken), stoppingToken).ConfigureAwait(false))
            {
                return;
            }

            await Task.WhenAll(ListenAsync(queue, stoppingToken), ReloadPeriodicallyAsync(stoppingToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            await queue.UnsubscribeAsync().ConfigureAwait(false);
        }
    }

    private async Task ListenAsync(ChannelMessageQueue queue, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var message = await queue.ReadAsync(stoppingToken).ConfigureAwait(false);
            var username = (string?)message.Message;
            if (string.IsNullOrEmpty(username))
            {
                continue;
            }

            try
            {
                await cache.RefreshAsync(username, stoppingToken).ConfigureAwait(false);
            }
            catch (BackplaneUnavailableException ex)
            {
                // The periodic reload applies it later.
                AgentAccountLog.SyncUnavailable(logger, ex.Message);
            }
        }
    }

    private async Task ReloadPeriodicallyAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.RefreshInterval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : options.Value.RefreshInterval;
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await cache.ReloadAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (BackplaneUnavailableException ex)
            {
                AgentAccountLog.SyncUnavailable(logger, ex.Message);
            }
        }
    }

    /// <summary>Runs <paramref name="step"/> until it succeeds (true) or the service stops (false), pausing after each unavailable store.</summary>
    private async Task<bool> RetryAsync(Func<Task> step, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await step().ConfigureAwait(false);
                return true;
            }
            catch (BackplaneUnavailableException ex)
            {
                AgentAccountLog.SyncUnavailable(logger, ex.Message);
                try
                {
                    await Task.Delay(RetryDelay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }

        return false;
    }
}
