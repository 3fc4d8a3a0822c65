using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Redis;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Keeps this instance's presence alive in Redis and notices dead instances (docs/protocol.md §10). Every
/// <c>PresenceExpiry</c>/3 it refreshes this instance's time in <c>{p}presence:instances</c>, then reaps
/// instances whose time is older than <c>PresenceExpiry</c> (a crashed or killed instance, or one cut off
/// from Redis that long). The reap is one script, so of all live instances exactly one handles each dead
/// one, and it announces <c>agent.offline</c> / <c>customer.disconnected</c> (and a <c>presence</c> event to
/// the other party of each active conversation) for the users that were online only there, as
/// <see cref="PresenceTracker"/> does for a normal disconnect. Polling a sorted set rather than keyspace
/// notifications: nothing to enable on the Redis server, and a notification lost while an instance
/// was itself disconnected cannot lose an announcement.
/// <para>
/// It also re-synchronises after a failure: presence changes made while Redis was down, or while this
/// instance was reaped for being cut off too long, are written back and announced when Redis returns.
/// </para>
/// </summary>
public sealed class RedisPresenceMonitor(
    RedisPresenceStore presence,
    IConversationStore conversations,
    ChatPublisher publish,
    PresenceListeners listeners,
    AgentDirectory agents,
    TimeProvider time,
    ILogger<RedisPresenceMonitor> logger) : BackgroundService
{
    private static readonly ChatJsonContext Json = ChatJsonContext.Default;

    /// <summary>How often the monitor runs: a third of the expiry, so two missed refreshes still leave an instance live.</summary>
    public TimeSpan Interval => TimeSpan.FromMilliseconds(Math.Max(100, presence.Expiry.TotalMilliseconds / 3));

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Register before Kestrel accepts connections, so this instance counts as live from its first user on.
        try
        {
            await TickAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is BackplaneUnavailableException)
        {
            presence.MarkDirty();
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await TickAsync().ConfigureAwait(false);
            }
            catch (BackplaneUnavailableException)
            {
                // Redis is down: the connection logs that once; try again next tick.
                presence.MarkDirty();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                RedisLog.PresenceFailed(logger, ex);
            }
        }
    }

    /// <summary>One pass: refresh, re-synchronise when needed, reap.</summary>
    internal async Task TickAsync()
    {
        if (await presence.RefreshAsync().ConfigureAwait(false))
        {
            presence.MarkDirty();
        }

        if (presence.IsDirty)
        {
            var (online, offline) = await presence.ResyncAsync().ConfigureAwait(false);
            if (online.Count + offline.Count > 0)
            {
                RedisLog.PresenceResynced(logger, online.Count, offline.Count);
            }

            foreach (var userId in online)
            {
                await AnnounceAsync(userId, online: true).ConfigureAwait(false);
            }

            foreach (var userId in offline)
            {
                await AnnounceAsync(userId, online: false).ConfigureAwait(false);
            }
        }

        foreach (var (instance, gone) in await presence.ReapAsync().ConfigureAwait(false))
        {
            RedisLog.InstanceExpired(logger, instance, gone.Count);
            foreach (var userId in gone)
            {
                await AnnounceAsync(userId, online: false).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The announcements <see cref="PresenceTracker"/> makes, for a user known only by id.</summary>
    private async Task AnnounceAsync(string userId, bool online)
    {
        await AnnounceCoreAsync(userId, online).ConfigureAwait(false);
        await listeners.NotifyAsync(userId, agents.Find(userId) is not null, online).ConfigureAwait(false);
    }

    private async Task AnnounceCoreAsync(string userId, bool online)
    {
        string name, role;
        if (agents.Find(userId) is { } agent)
        {
            (name, role) = (agent.DisplayName, "agent");
            await publish.ToSupportAsync(new AgentPresenceEvent(online ? "agent.online" : "agent.offline", userId, name), Json.AgentPresenceEvent).ConfigureAwait(false);
        }
        else
        {
            name = (await conversations.GetLatestForCustomerAsync(userId).ConfigureAwait(false))?.CustomerName ?? "";
            role = "customer";
            await publish.ToSupportAsync(new CustomerPresenceEvent(online ? "customer.connected" : "customer.disconnected", userId, name), Json.CustomerPresenceEvent).ConfigureAwait(false);
        }

        foreach (var conversation in await conversations.ListForUserAsync(userId).ConfigureAwait(false))
        {
            if (conversation.State != ConversationStates.Active)
            {
                continue;
            }

            var other = userId == conversation.CustomerId ? conversation.AgentId : conversation.CustomerId;
            if (other is not null)
            {
                await publish.ToUserEventsAsync(other, new PresenceEvent(conversation.Id, userId, name, role, online), Json.PresenceEvent).ConfigureAwait(false);
            }
        }
    }
}
