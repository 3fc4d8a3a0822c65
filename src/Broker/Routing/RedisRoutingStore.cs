using System.Globalization;
using CustomerChat.Broker.Redis;
using StackExchange.Redis;

namespace CustomerChat.Broker.Routing;

/// <summary>
/// Routing state in Redis, shared by every instance (keys in <see cref="RoutingRedisKeys"/>, scripts in
/// <see cref="RedisRoutingScripts"/>). The assignment decision is one script over the queues, the statuses and the
/// agents' real loads (the conversation store's active sets, same <c>{s}</c> slot), so instances racing can neither
/// give one conversation twice nor push an agent past its capacity; the conversation store's own capacity-guarded
/// compare-and-set then stores the assignment.
/// </summary>
public sealed class RedisRoutingStore(RedisConnection redis) : IRoutingStore
{
    private RoutingRedisKeys? _keys;

    private RoutingRedisKeys Keys => _keys ??= new RoutingRedisKeys(redis.Keys);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, AgentState>> GetAgentsAsync(IReadOnlyList<string> agentIds)
    {
        var fields = agentIds.Distinct().Select(id => (RedisValue)id).ToArray();
        if (fields.Length == 0)
        {
            return new Dictionary<string, AgentState>();
        }

        var statuses = await redis.RunAsync("hmget", db => db.HashGetAsync(Keys.Statuses, fields)).ConfigureAwait(false);
        var since = await redis.RunAsync("hmget", db => db.HashGetAsync(Keys.StatusSince, fields)).ConfigureAwait(false);
        var result = new Dictionary<string, AgentState>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Length; i++)
        {
            result[(string)fields[i]!] = statuses[i].IsNull
                ? AgentState.Unknown
                : new AgentState((string)statuses[i]!, since[i].IsNull ? 0 : (long)since[i]);
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<bool> SetStatusAsync(string agentId, string status, bool onlyFromOffline, long nowMs) =>
        await EvalAsync(RedisRoutingScripts.SetStatus, [Keys.Statuses, Keys.StatusSince], [agentId, status, onlyFromOffline ? "1" : "0", nowMs]).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public async Task<int> LoadOfAsync(string agentId)
    {
        var key = Keys.Active(agentId);
        return (int)await redis.RunAsync("scard", db => db.SetLengthAsync(key)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> EnqueueAsync(string queue, string conversationId, double score, bool front, long nowMs) =>
        await EvalAsync(RedisRoutingScripts.Enqueue, [Keys.Queue(queue), Keys.Conversation(conversationId), Keys.Reserved],
            [conversationId, score, front ? "1" : "0", nowMs]).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public async Task RemoveAsync(string conversationId, IReadOnlyList<string> queues)
    {
        foreach (var queue in queues)
        {
            var key = Keys.Queue(queue);
            await redis.RunAsync("zrem", db => db.SortedSetRemoveAsync(key, conversationId)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<Reservation?> ReserveAsync(IReadOnlyList<string> queues, IReadOnlyList<RosterAgent> agents, long nowMs, TimeSpan ttl, int window)
    {
        var keys = new List<RedisKey> { Keys.Statuses, Keys.LastAssigned, Keys.Sequence, Keys.Reserved };
        keys.AddRange(queues.Select(q => (RedisKey)Keys.Queue(q)));
        keys.AddRange(queues.Select(q => (RedisKey)Keys.Assigned(q)));
        var values = new List<RedisValue> { queues.Count, agents.Count, nowMs, (long)ttl.TotalMilliseconds, window };
        foreach (var agent in agents)
        {
            keys.Add(Keys.Active(agent.Id));
            keys.Add(Keys.Pending(agent.Id));
            values.Add(agent.Id);
            values.Add(agent.Capacity);
            values.Add(agent.Queues is null ? "*" : "," + string.Join(",", Enumerable.Range(0, queues.Count).Where(i => agent.Serves(queues[i])).Select(i => i + 1)) + ",");
        }

        var result = await redis.RunAsync("routing-script", db => db.ScriptEvaluateAsync(RedisRoutingScripts.Reserve, [.. keys], [.. values])).ConfigureAwait(false);
        if (result.IsNull || result.Resp2Type != ResultType.Array)
        {
            return null;
        }

        var parts = (RedisResult[])result!;
        var queue = queues[int.Parse((string)parts[3]!, CultureInfo.InvariantCulture) - 1];
        return new Reservation((string)parts[0]!, (string)parts[1]!, queue, double.Parse((string)parts[2]!, CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public Task ReleaseAsync(Reservation reservation, bool restore) =>
        EvalAsync(RedisRoutingScripts.Release, [Keys.Pending(reservation.AgentId), Keys.Reserved, Keys.Queue(reservation.Queue)],
            [reservation.ConversationId, reservation.AgentId, restore ? "1" : "0", reservation.Score]);

    /// <inheritdoc />
    public Task MarkAssignedAsync(string agentId, string queue, long nowMs, int window) =>
        EvalAsync(RedisRoutingScripts.MarkAssigned, [Keys.LastAssigned, Keys.Sequence, Keys.Assigned(queue)], [agentId, nowMs, window]);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListQueueAsync(string queue)
    {
        var key = Keys.Queue(queue);
        var ids = await redis.RunAsync("zrange", db => db.SortedSetRangeByRankAsync(key)).ConfigureAwait(false);
        return [.. ids.Select(id => (string)id!)];
    }

    /// <inheritdoc />
    public async Task<(IReadOnlyList<PositionChange> Changes, int Waiting)> TakePositionChangesAsync(string queue)
    {
        RedisKey[] keys = [Keys.Queue(queue), Keys.Sent(queue)];
        var result = await redis.RunAsync("routing-script", db => db.ScriptEvaluateAsync(RedisRoutingScripts.Positions, keys)).ConfigureAwait(false);
        var parts = (RedisResult[])result!;
        var changes = new List<PositionChange>((parts.Length - 1) / 2);
        for (var i = 1; i + 1 < parts.Length; i += 2)
        {
            changes.Add(new PositionChange((string)parts[i]!, int.Parse((string)parts[i + 1]!, CultureInfo.InvariantCulture)));
        }

        return (changes, (int)parts[0]);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<long>> RecentAssignmentsAsync(string queue)
    {
        var key = Keys.Assigned(queue);
        var values = await redis.RunAsync("lrange", db => db.ListRangeAsync(key)).ConfigureAwait(false);
        return [.. values.Select(v => (long)v)];
    }

    private async Task<long> EvalAsync(string script, RedisKey[] keys, RedisValue[] values)
    {
        var result = await redis.RunAsync("routing-script", db => db.ScriptEvaluateAsync(script, keys, values)).ConfigureAwait(false);
        return (long)result;
    }
}
