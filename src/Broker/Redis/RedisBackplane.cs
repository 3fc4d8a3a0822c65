using CustomerChat.Broker.Redis;
using CustomerChat.Broker.Stomp;
using StackExchange.Redis;

namespace CustomerChat.Broker.Redis;

/// <summary>
/// Fan-out between instances through Redis pub/sub (docs/protocol.md §11). One channel per routing key
/// (<c>{prefix}bp:{key}</c>, e.g. <c>cc:bp:user:c-1:/queue/messages</c> or <c>cc:bp:/chat/topic/support</c>):
/// an instance SUBSCRIBEs a key's channel when the key gets its first local subscriber and UNSUBSCRIBEs when
/// it loses its last (<see cref="SubscribeAsync"/> / <see cref="Unsubscribe"/>, called by the sessions),
/// so Redis sends each message only to the instances that hold a subscriber, once each. A publish is
/// always a PUBLISH, this instance included, and local subscribers get the message when it comes back
/// from Redis: one path, so one order.
/// <para>
/// Order: PUBLISHes of one caller go out in order on one connection; Redis relays a channel's messages in
/// order on each subscriber connection; and each channel's <c>ChannelMessageQueue</c> hands them
/// to <see cref="OnMessage"/> one at a time in that order. So the messages of one key arrive in order.
/// </para>
/// <para>
/// No gap after SUBSCRIBE: every subscriber of a key awaits (bounded) Redis's confirmation of the channel
/// subscription before its SUBSCRIBE frame completes, so a RECEIPT, a snapshot or an <c>x-since</c> replay
/// taken after it cannot miss a message published meanwhile. Subscriptions survive a Redis outage: the
/// client library re-subscribes every channel when it reconnects.
/// </para>
/// </summary>
public sealed class RedisBackplane : IBackplane
{
    /// <summary>How long the first SUBSCRIBE of a key waits for Redis to confirm the channel.</summary>
    public static readonly TimeSpan SubscribeWait = TimeSpan.FromSeconds(2);

    private readonly RedisConnection _redis;
    private readonly SubscriptionRegistry _registry;
    private readonly ILogger<RedisBackplane> _logger;
    private readonly Action<ChannelMessage> _handler;
    private readonly Dictionary<string, Task<ChannelMessageQueue>?> _subscribed = new(StringComparer.Ordinal);
    private readonly object[] _stripes = Enumerable.Range(0, 64).Select(_ => new object()).ToArray();

    /// <summary>Delivers what Redis relays to <paramref name="registry"/>.</summary>
    public RedisBackplane(RedisConnection redis, SubscriptionRegistry registry, ILogger<RedisBackplane> logger)
    {
        _redis = redis;
        _registry = registry;
        _logger = logger;
        _handler = OnMessage;
    }

    /// <summary>The number of channels this instance is subscribed to (for tests and diagnostics).</summary>
    public int SubscribedChannels
    {
        get
        {
            lock (_subscribed)
            {
                return _subscribed.Count;
            }
        }
    }

    /// <inheritdoc />
    public async Task PublishAsync(string key, BrokerMessage message, CancellationToken cancellationToken = default)
    {
        var payload = RedisMessageCodec.Encode(message);
        var channel = ChannelOf(key);
        await _redis.RunAsync("publish", m => m.GetSubscriber().PublishAsync(channel, payload)).ConfigureAwait(false);
    }

    /// <summary>
    /// The channel of a routing key: a sharded channel on a Redis Cluster (<c>SPUBLISH</c>/<c>SSUBSCRIBE</c>, so a
    /// message goes to the shard that owns the channel's slot only, not to every node), a classic one otherwise.
    /// </summary>
    internal RedisChannel ChannelOf(string key) => ChannelOf(_redis, key);

    /// <inheritdoc cref="ChannelOf(string)"/>
    internal static RedisChannel ChannelOf(RedisConnection redis, string key) =>
        redis.IsCluster ? RedisChannel.Sharded(redis.Keys.Channel(key)) : RedisChannel.Literal(redis.Keys.Channel(key));

    /// <inheritdoc />
    public async ValueTask SubscribeAsync(string key)
    {
        var multiplexer = _redis.Multiplexer ?? await _redis.WaitForMultiplexerAsync(SubscribeWait).ConfigureAwait(false);
        if (multiplexer is null)
        {
            return;
        }

        var pending = Reconcile(key, multiplexer);
        if (pending is null || pending.IsCompletedSuccessfully)
        {
            return;
        }

        try
        {
            await pending.WaitAsync(SubscribeWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            RedisLog.SubscribeSlow(_logger, _redis.Keys.Channel(key), SubscribeWait.TotalMilliseconds);
        }
        catch (Exception ex)
        {
            RedisLog.SubscribeFailed(_logger, _redis.Keys.Channel(key), ex);
        }
    }

    /// <inheritdoc />
    public void Unsubscribe(string key) =>
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Self.ReconcileOnThreadPool(state.Key), (Self: this, Key: key), preferLocal: false);

    // An exception escaping a thread-pool work item ends the process, so none may (e.g. an unsubscribe while the
    // multiplexer is being disposed at shutdown).
    private void ReconcileOnThreadPool(string key)
    {
        try
        {
            if (_redis.Multiplexer is { } multiplexer)
            {
                Reconcile(key, multiplexer);
            }
        }
        catch (Exception ex)
        {
            RedisLog.SubscribeFailed(_logger, _redis.Keys.Channel(key), ex);
        }
    }

    /// <summary>
    /// Makes the Redis subscription of <paramref name="key"/> match the registry: subscribed while the key has
    /// local subscribers. Order-free (a subscribe and an unsubscribe of one key may be handled in either order), and
    /// serialized per key, so the client library never holds two handlers for one channel.
    /// Returns the key's subscribe (the one it started, or the one under way or done) while the key is wanted.
    /// </summary>
    private Task? Reconcile(string key, ConnectionMultiplexer multiplexer)
    {
        var channel = ChannelOf(key);
        var subscriber = _redis.Subscriber ?? multiplexer.GetSubscriber();
        Task<ChannelMessageQueue>? queue;
        lock (_stripes[(uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length])
        {
            var want = _registry.HasSubscribers(key);
            bool have;
            lock (_subscribed)
            {
                have = _subscribed.TryGetValue(key, out queue);
                if (!want && have)
                {
                    _subscribed.Remove(key);
                }
            }

            try
            {
                if (want && (!have || queue is null || queue.IsFaulted || queue.IsCanceled))
                {
                    // A channel message queue hands this channel's messages over one at a time, in the order Redis
                    // sent them: that keeps the messages of one routing key in order. When Redis is down the library
                    // records the subscription and sends it on reconnect.
                    var subscribing = SubscribeQueueAsync(subscriber, channel);
                    lock (_subscribed)
                    {
                        _subscribed[key] = subscribing;
                    }

                    return subscribing;
                }

                if (!want && have && queue is not null)
                {
                    _ = Observe(UnsubscribeQueueAsync(queue), channel!);
                }

                if (want && have)
                {
                    return queue;
                }
            }
            catch (Exception ex)
            {
                // Unavailable, or the client library failing while it shuts down: the registry stays the
                // truth, and a later add or remove of the key reconciles again.
                RedisLog.SubscribeFailed(_logger, channel!, ex);
            }
        }

        return null;
    }

    /// <summary>
    /// On a Redis Cluster: re-subscribes every wanted channel that the client library holds no server for although the
    /// server for its slot is connected (docs/SCALING.md "When a cluster node is down"), and returns how many it tried.
    /// A master that restarts answers <c>CLUSTERDOWN</c> for its first seconds; the library's one re-subscribe on
    /// reconnect fails then and is not retried, which would leave the channels of that shard silent for good. The
    /// repair adds a second, do-nothing handler to the channel (which makes the library send <c>SSUBSCRIBE</c> again
    /// to the slot's master) and removes it once Redis answered: the channel's queue, its order and its handler stay
    /// untouched. Called about once a second by <see cref="RedisSubscriptionRepair"/>; a no-op on a single Redis.
    /// </summary>
    internal async Task<int> RepairSubscriptionsAsync()
    {
        if (!_redis.IsCluster || _redis.Subscriber is not { } subscriber)
        {
            return 0;
        }

        List<string> keys;
        lock (_subscribed)
        {
            keys = [.. _subscribed.Where(pair => pair.Value is { IsCompletedSuccessfully: true }).Select(pair => pair.Key)];
        }

        var tried = 0;
        foreach (var key in keys)
        {
            var channel = ChannelOf(key);
            if (subscriber.SubscribedEndpoint(channel) is not null || !subscriber.IsConnected(channel) || !_registry.HasSubscribers(key))
            {
                continue;
            }

            tried++;
            try
            {
                await subscriber.SubscribeAsync(channel, Nudge).WaitAsync(RedisConnection.OperationTimeout).ConfigureAwait(false);
                RedisLog.Resubscribed(_logger, _redis.Keys.Channel(key));
            }
            catch (Exception ex) when (RedisConnection.IsUnavailable(ex) || ex is RedisServerException)
            {
                // The shard is not ready yet (CLUSTERDOWN, LOADING…): the next round tries again.
            }
            finally
            {
                try
                {
                    await subscriber.UnsubscribeAsync(channel, Nudge).WaitAsync(RedisConnection.OperationTimeout).ConfigureAwait(false);
                }
                catch (Exception ex) when (RedisConnection.IsUnavailable(ex) || ex is RedisServerException)
                {
                    // Removing the extra handler is local while the channel's own handler remains.
                }
            }
        }

        return tried;
    }

    /// <summary>On a Redis Cluster, how many wanted channels the client library holds no server for now (0 on a single Redis).</summary>
    internal int LostSubscriptions()
    {
        if (!_redis.IsCluster || _redis.Subscriber is not { } subscriber)
        {
            return 0;
        }

        List<string> keys;
        lock (_subscribed)
        {
            keys = [.. _subscribed.Where(pair => pair.Value is { IsCompletedSuccessfully: true }).Select(pair => pair.Key)];
        }

        return keys.Count(key => subscriber.SubscribedEndpoint(ChannelOf(key)) is null && _registry.HasSubscribers(key));
    }

    private static void Nudge(RedisChannel channel, RedisValue message)
    {
        // The repair's extra handler: the channel's queue handles every message.
    }

    private async Task<ChannelMessageQueue> SubscribeQueueAsync(ISubscriber subscriber, RedisChannel channel)
    {
        var queue = await subscriber.SubscribeAsync(channel).ConfigureAwait(false);
        queue.OnMessage(_handler);
        return queue;
    }

    private static async Task UnsubscribeQueueAsync(Task<ChannelMessageQueue> subscribing)
    {
        var queue = await subscribing.ConfigureAwait(false);
        await queue.UnsubscribeAsync().ConfigureAwait(false);
    }

    private async Task Observe(Task task, string channel)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            RedisLog.SubscribeFailed(_logger, channel, ex);
        }
    }

    // The client library calls this for each message, one at a time, in the order Redis sent them.
    private void OnMessage(ChannelMessage received)
    {
        var value = received.Message;
        string name = received.Channel!;
        try
        {
            var message = RedisMessageCodec.Decode((byte[])value!);
            _registry.Deliver(name[_redis.Keys.ChannelPrefix.Length..], message);
        }
        catch (Exception ex)
        {
            RedisLog.BadMessage(_logger, name, ex);
        }
    }
}
