using System.Collections.Concurrent;
using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.Options;
using CustomerChat.Broker.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Presence across instances (docs/protocol.md §10), in Redis, with expiry so a dead instance's users go offline by
/// themselves:
/// <list type="bullet">
/// <item><c>{p}presence:instances</c> — sorted set: instance id → the Redis time (ms) it last refreshed
/// (every <c>PresenceExpiry</c>/3, by <see cref="RedisPresenceMonitor"/>); an instance is live while that
/// is younger than <c>PresenceExpiry</c>;</item>
/// <item><c>{p}presence:user:{userId}</c> — set of the instances the user is connected to;</item>
/// <item><c>{p}presence:instance:{instanceId}</c> — set of the users connected to that instance.</item>
/// </list>
/// A user is online while one of its instances is live. One refresh per instance, not per user, keeps the
/// cost flat however many users an instance holds; times come from Redis (<c>TIME</c>) so instance clocks
/// need not agree. Going online and offline are scripts that answer whether this was the user's first or
/// last live instance, so each transition is announced exactly once, by whoever made it. When Redis cannot
/// be reached, this instance's own view (<c>_local</c>) is kept and re-synchronised when Redis returns.
/// </summary>
public sealed class RedisPresenceStore(RedisConnection redis, IOptions<CustomerChatOptions> options) : IPresenceStore
{
    // now and horizon from Redis's clock; KEYS[n] = the instances set; ARGV[1] = this instance; ARGV[2] = expiry ms.
    private const string Prelude = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local horizon = now - tonumber(ARGV[2])
        local function live(instances, inst)
          if inst == ARGV[1] then return true end
          local seen = redis.call('ZSCORE', instances, inst)
          return seen and tonumber(seen) > horizon
        end

        """;

    /// <summary>KEYS: user's instances, this instance's users, instances. ARGV: me, expiry, user. 1 = was offline everywhere.</summary>
    private const string OnlineScript = Prelude + """
        local before = false
        for _, inst in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          if live(KEYS[3], inst) then before = true break end
        end
        redis.call('SADD', KEYS[1], ARGV[1])
        redis.call('SADD', KEYS[2], ARGV[3])
        if before then return 0 end
        return 1
        """;

    /// <summary>KEYS: user's instances, this instance's users, instances. ARGV: me, expiry, user. 1 = now offline everywhere.</summary>
    private const string OfflineScript = Prelude + """
        redis.call('SREM', KEYS[2], ARGV[3])
        if redis.call('SREM', KEYS[1], ARGV[1]) == 0 then return 0 end
        for _, inst in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          if live(KEYS[3], inst) then return 0 end
        end
        redis.call('DEL', KEYS[1])
        return 1
        """;

    /// <summary>KEYS: user's instances, instances. ARGV: me, expiry.</summary>
    private const string IsOnlineScript = Prelude + """
        for _, inst in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          if live(KEYS[2], inst) then return 1 end
        end
        return 0
        """;

    /// <summary>KEYS: instances. ARGV: me. 1 = this instance was not registered (first refresh, or it was reaped).</summary>
    private const string RefreshScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        return redis.call('ZADD', KEYS[1], now, ARGV[1])
        """;

    /// <summary>
    /// Reaps instances that stopped refreshing: each dead instance leaves the instances set (so exactly one
    /// reaper handles it), leaves each of its users' sets, and a user left with no live instance is offline:
    /// its set is deleted (dead entries with it, so nobody announces it twice) and it is returned.
    /// KEYS: instances. ARGV: me, expiry, instance-users key prefix, user key prefix, most instances per call.
    /// Returns { {instance, {user…}}… }.
    /// </summary>
    private const string ReapScript = Prelude + """
        local result = {}
        for _, inst in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', horizon, 'LIMIT', 0, tonumber(ARGV[5]))) do
          if inst ~= ARGV[1] then
            redis.call('ZREM', KEYS[1], inst)
            local gone = {}
            local usersKey = ARGV[3] .. inst
            for _, user in ipairs(redis.call('SMEMBERS', usersKey)) do
              local userKey = ARGV[4] .. user
              if redis.call('SREM', userKey, inst) == 1 then
                local still = false
                for _, other in ipairs(redis.call('SMEMBERS', userKey)) do
                  if live(KEYS[1], other) then still = true break end
                end
                if not still then
                  redis.call('DEL', userKey)
                  table.insert(gone, user)
                end
              end
            end
            redis.call('DEL', usersKey)
            table.insert(result, {inst, gone})
          end
        end
        return result
        """;

    private readonly ConcurrentDictionary<string, byte> _local = new(StringComparer.Ordinal);
    private int _dirty;

    /// <summary>How long an instance stays live without refreshing.</summary>
    public TimeSpan Expiry => options.Value.Redis.PresenceExpiry;

    /// <summary>Whether this instance's view must be re-synchronised with Redis (a presence write failed).</summary>
    internal bool IsDirty => Volatile.Read(ref _dirty) == 1;

    /// <inheritdoc />
    public async Task<bool> MarkOnlineAsync(string userId)
    {
        _local[userId] = 0;
        try
        {
            return await OnlineAsync(userId).ConfigureAwait(false);
        }
        catch (BackplaneUnavailableException)
        {
            // Presence is soft state: the user is online here; Redis learns it when it returns.
            MarkDirty();
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<bool> MarkOfflineAsync(string userId)
    {
        _local.TryRemove(userId, out _);
        try
        {
            return await OfflineAsync(userId).ConfigureAwait(false);
        }
        catch (BackplaneUnavailableException)
        {
            MarkDirty();
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<bool> IsOnlineAsync(string userId) =>
        _local.ContainsKey(userId)
        || await EvalAsync(IsOnlineScript, [redis.Keys.PresenceUser(userId), redis.Keys.PresenceInstances], [redis.InstanceId, ExpiryMs]).ConfigureAwait(false) == 1;

    /// <summary>Refreshes this instance's liveness; true when it had to register anew (first time, or it was reaped).</summary>
    internal async Task<bool> RefreshAsync() =>
        await EvalAsync(RefreshScript, [redis.Keys.PresenceInstances], [redis.InstanceId]).ConfigureAwait(false) == 1;

    /// <summary>Reaps dead instances; returns each reaped instance with the users that went offline with it.</summary>
    internal async Task<IReadOnlyList<(string Instance, IReadOnlyList<string> Gone)>> ReapAsync()
    {
        var result = await redis.RunAsync("presence-reap", db => db.ScriptEvaluateAsync(ReapScript, [redis.Keys.PresenceInstances],
            [redis.InstanceId, ExpiryMs, redis.Keys.PresenceInstanceUsersPrefix, redis.Keys.PresenceUserPrefix, 16])).ConfigureAwait(false);
        var reaped = new List<(string, IReadOnlyList<string>)>();
        foreach (var item in (RedisResult[])result!)
        {
            var pair = (RedisResult[])item!;
            reaped.Add(((string)pair[0]!, ((RedisResult[])pair[1]!).Select(u => (string)u!).ToList()));
        }

        return reaped;
    }

    /// <summary>
    /// Makes Redis match this instance's own view after a failure or after this instance was reaped:
    /// users connected here but missing in Redis go online, users in Redis no longer here go offline.
    /// Returns the users whose presence changed everywhere (to be announced).
    /// </summary>
    internal async Task<(List<string> Online, List<string> Offline)> ResyncAsync()
    {
        Volatile.Write(ref _dirty, 0);
        try
        {
            var key = redis.Keys.PresenceInstanceUsers(redis.InstanceId);
            var inRedis = (await redis.RunAsync("smembers", db => db.SetMembersAsync(key)).ConfigureAwait(false)).Select(v => (string)v!).ToHashSet(StringComparer.Ordinal);
            var online = new List<string>();
            var offline = new List<string>();
            foreach (var userId in _local.Keys)
            {
                if (!inRedis.Contains(userId) && await OnlineAsync(userId).ConfigureAwait(false))
                {
                    online.Add(userId);
                }
            }

            foreach (var userId in inRedis)
            {
                if (!_local.ContainsKey(userId) && await OfflineAsync(userId).ConfigureAwait(false))
                {
                    offline.Add(userId);
                }
            }

            return (online, offline);
        }
        catch
        {
            MarkDirty();
            throw;
        }
    }

    /// <summary>Asks for a re-synchronisation at the next monitor tick.</summary>
    internal void MarkDirty() => Volatile.Write(ref _dirty, 1);

    private long ExpiryMs => (long)Expiry.TotalMilliseconds;

    private async Task<bool> OnlineAsync(string userId) =>
        await EvalAsync(OnlineScript, [redis.Keys.PresenceUser(userId), redis.Keys.PresenceInstanceUsers(redis.InstanceId), redis.Keys.PresenceInstances],
            [redis.InstanceId, ExpiryMs, userId]).ConfigureAwait(false) == 1;

    private async Task<bool> OfflineAsync(string userId) =>
        await EvalAsync(OfflineScript, [redis.Keys.PresenceUser(userId), redis.Keys.PresenceInstanceUsers(redis.InstanceId), redis.Keys.PresenceInstances],
            [redis.InstanceId, ExpiryMs, userId]).ConfigureAwait(false) == 1;

    private async Task<long> EvalAsync(string script, RedisKey[] keys, RedisValue[] values) =>
        (long)await redis.RunAsync("presence-script", db => db.ScriptEvaluateAsync(script, keys, values)).ConfigureAwait(false);
}
