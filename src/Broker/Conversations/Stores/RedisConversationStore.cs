using System.Runtime.CompilerServices;
using System.Text.Json;
using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.History;
using CustomerChat.Broker.Redis;
using CustomerChat.Protocol.Chat;
using StackExchange.Redis;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Conversation state shared by every instance (docs/protocol.md §10), in Redis (layout in docs/SCALING.md):
/// <list type="bullet">
/// <item><c>{p}conv:{id}</c> — the conversation as JSON (<see cref="ConversationView"/>, the API's own shape);</item>
/// <item><c>{p}convs:open</c>, <c>{p}convs:all</c> — sorted sets of ids by creation time (snapshot, listing, sweeper);</item>
/// <item><c>{p}customer:{id}:latest</c> — the customer's most recent conversation id;</item>
/// <item><c>{p}user:{id}:convs</c> — sorted set of the conversations a user is in (customer or current agent);</item>
/// <item><c>{p}agent:{id}:active</c> — set of the agent's active conversations; its size is the agent's load;</item>
/// <item><c>{p}convs:by-activity</c>, <c>{p}convs:by-closed</c> — the sweeper's deadlines: open conversations by last
/// activity, closed ones by close time (ms), so a sweep reads only the conversations that are due.</item>
/// </list>
/// Every change is one generic Lua script (<see cref="RedisConversationScripts.Replace"/>): the decision is taken
/// by <see cref="ConversationStateMachine"/> on the state just read, and the script applies it only if the stored
/// JSON is still what was read (compare-and-set), together with the index changes derived from the two states
/// and, for a claim or transfer, the capacity check.
/// Two agents claiming on two instances: both read "waiting", one script wins, the other sees a changed
/// conversation, re-reads "active" and gets <see cref="StoreOutcome.WrongState"/>.
/// </summary>
public sealed class RedisConversationStore(RedisConnection redis) : IConversationStore
{
    private const int MaxAttempts = 32;
    private const int ReadBatch = 256;
    private static readonly ChatJsonContext Json = ChatJsonContext.Default;

    // The JSON each view was read from: the version a compare-and-set expects (re-serializing could differ).
    private readonly ConditionalWeakTable<ConversationView, string> _versions = new();

    private RedisKeys Keys => redis.Keys;

    /// <inheritdoc />
    public async Task<ConversationView?> GetAsync(string id) => (await ReadAsync(id).ConfigureAwait(false)).View;

    /// <inheritdoc />
    public async Task<ConversationView?> GetLatestForCustomerAsync(string customerId)
    {
        var latest = await GetLatestIdAsync(customerId).ConfigureAwait(false);
        return latest is null ? null : (await ReadAsync(latest).ConfigureAwait(false)).View;
    }

    /// <inheritdoc />
    public async Task<(ConversationView Conversation, bool Created)> GetOrOpenAsync(string customerId, ConversationView create)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var latest = await GetLatestIdAsync(customerId).ConfigureAwait(false);
            if (latest is not null && (await ReadAsync(latest).ConfigureAwait(false)).View is { } current && current.State != ConversationStates.Closed)
            {
                return (current, false);
            }

            var done = await EvalAsync(RedisConversationScripts.Open,
                [Keys.CustomerLatest(customerId), Keys.Conversation(create.Id), Keys.OpenConversations, Keys.AllConversations, Keys.UserConversations(customerId),
                 Keys.IdleDeadlines],
                [latest ?? "", Serialize(create), create.Id, Score(create), Ms(create.LastActivityAt)]).ConfigureAwait(false);
            if (done == 1)
            {
                return (create, true);
            }
        }

        throw Contention(create.Id);
    }

    /// <inheritdoc />
    public async Task<ReplaceOutcome> ReplaceAsync(ConversationView expected, ConversationView next, CapacityGuard? capacity)
    {
        var id = expected.Id;
        var keys = new List<RedisKey> { Keys.Conversation(id), capacity is null ? Keys.Conversation(id) : Keys.AgentActive(capacity.AgentId) };
        var values = new List<RedisValue> { _versions.TryGetValue(expected, out var read) ? read : Serialize(expected), Serialize(next), capacity?.Capacity ?? -1 };
        void Index(string op, RedisKey key, RedisValue score)
        {
            keys.Add(key);
            values.Add(op);
            values.Add(keys.Count);
            values.Add(id);
            values.Add(score);
        }

        if (expected.State != ConversationStates.Closed && next.State == ConversationStates.Closed)
        {
            Index("zrem", Keys.OpenConversations, 0);
            Index("zrem", Keys.IdleDeadlines, 0);
        }

        // The sweeper's deadlines follow every write (re-added each time, so an entry lost or never written heals).
        if (next.State != ConversationStates.Closed)
        {
            if (expected.State == ConversationStates.Closed)
            {
                Index("zrem", Keys.RetentionDeadlines, 0);
            }

            Index("zadd", Keys.IdleDeadlines, Ms(next.LastActivityAt));
        }
        else if (next.ClosedAt is { } closedAt)
        {
            Index("zadd", Keys.RetentionDeadlines, Ms(closedAt));
        }

        var wasActiveWith = expected.State == ConversationStates.Active ? expected.AgentId : null;
        var isActiveWith = next.State == ConversationStates.Active ? next.AgentId : null;
        if (wasActiveWith != isActiveWith)
        {
            if (wasActiveWith is not null)
            {
                Index("srem", Keys.AgentActive(wasActiveWith), 0);
            }

            if (isActiveWith is not null)
            {
                Index("sadd", Keys.AgentActive(isActiveWith), 0);
            }
        }

        if (expected.AgentId != next.AgentId)
        {
            if (expected.AgentId is not null)
            {
                Index("zrem", Keys.UserConversations(expected.AgentId), 0);
            }

            if (next.AgentId is not null)
            {
                Index("zadd", Keys.UserConversations(next.AgentId), Score(next));
            }
        }

        return await EvalAsync(RedisConversationScripts.Replace, [.. keys], [.. values]).ConfigureAwait(false) switch
        {
            1 => ReplaceOutcome.Replaced,
            2 => ReplaceOutcome.AtCapacity,
            _ => ReplaceOutcome.Changed,
        };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConversationView>> ListAsync(bool includeClosed)
    {
        var key = includeClosed ? Keys.AllConversations : Keys.OpenConversations;
        var ids = await redis.RunAsync("zrange", db => db.SortedSetRangeByRankAsync(key)).ConfigureAwait(false);
        var all = await ReadManyAsync(ids).ConfigureAwait(false);
        return all.Where(c => includeClosed || c.State != ConversationStates.Closed).OrderBy(c => c.CreatedAt).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConversationView>> ListDueAsync(DateTimeOffset idleBefore, DateTimeOffset closedBefore)
    {
        RedisKey idleKey = Keys.IdleDeadlines, retentionKey = Keys.RetentionDeadlines;
        var idle = await redis.RunAsync("zrangebyscore", db => db.SortedSetRangeByScoreAsync(idleKey, double.NegativeInfinity, Ms(idleBefore))).ConfigureAwait(false);
        var closed = await redis.RunAsync("zrangebyscore", db => db.SortedSetRangeByScoreAsync(retentionKey, double.NegativeInfinity, Ms(closedBefore))).ConfigureAwait(false);
        if (idle.Length + closed.Length == 0)
        {
            return [];
        }

        var all = await ReadManyAsync([.. idle.Concat(closed).Distinct()]).ConfigureAwait(false);
        return all.Where(c => c.State == ConversationStates.Closed ? c.ClosedAt is { } at && at <= closedBefore : c.LastActivityAt <= idleBefore).ToList();
    }

    /// <inheritdoc />
    public async Task BackfillDeadlinesAsync()
    {
        var ids = await redis.RunAsync("zrange", db => db.SortedSetRangeByRankAsync(Keys.AllConversations)).ConfigureAwait(false);
        for (var start = 0; start < ids.Length; start += ReadBatch)
        {
            var keys = ids.Skip(start).Take(ReadBatch).Select(id => (RedisKey)Keys.Conversation((string)id!)).ToArray();
            var jsons = await redis.RunAsync("mget", db => db.StringGetAsync(keys)).ConfigureAwait(false);
            var scriptKeys = new List<RedisKey> { Keys.IdleDeadlines, Keys.RetentionDeadlines };
            var values = new List<RedisValue>();
            for (var i = 0; i < jsons.Length; i++)
            {
                if (jsons[i].IsNull)
                {
                    continue;
                }

                var c = JsonSerializer.Deserialize((string)jsons[i]!, Json.ConversationView)!;
                var closed = c.State == ConversationStates.Closed;
                if (closed && c.ClosedAt is null)
                {
                    continue;
                }

                scriptKeys.Add(keys[i]);
                values.AddRange([jsons[i], closed ? "r" : "i", closed ? Ms(c.ClosedAt!.Value) : Ms(c.LastActivityAt), c.Id]);
            }

            if (values.Count > 0)
            {
                await EvalAsync(RedisConversationScripts.Backfill, [.. scriptKeys], [.. values]).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConversationView>> ListForUserAsync(string userId)
    {
        var key = Keys.UserConversations(userId);
        var ids = await redis.RunAsync("zrange", db => db.SortedSetRangeByRankAsync(key)).ConfigureAwait(false);
        var all = await ReadManyAsync(ids).ConfigureAwait(false);
        return all.Where(c => c.CustomerId == userId || c.AgentId == userId).OrderBy(c => c.CreatedAt).ToList();
    }

    /// <inheritdoc />
    public async Task RemoveAsync(string id)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (json, c) = await ReadAsync(id).ConfigureAwait(false);
            if (c is null)
            {
                return;
            }

            var agent = c.AgentId;
            var done = await EvalAsync(RedisConversationScripts.Remove,
                [Keys.Conversation(id), Keys.OpenConversations, Keys.AllConversations, Keys.CustomerLatest(c.CustomerId), Keys.UserConversations(c.CustomerId),
                 Keys.UserConversations(agent ?? c.CustomerId), Keys.AgentActive(agent ?? c.CustomerId), Keys.IdleDeadlines, Keys.RetentionDeadlines],
                [json!, id, agent is null ? "0" : "1"]).ConfigureAwait(false);
            if (done == 1)
            {
                return;
            }
        }

        throw Contention(id);
    }

    private async Task<string?> GetLatestIdAsync(string customerId)
    {
        var key = Keys.CustomerLatest(customerId);
        var value = await redis.RunAsync("get", db => db.StringGetAsync(key)).ConfigureAwait(false);
        return value.IsNull ? null : (string)value!;
    }

    private async Task<(string? Json, ConversationView? View)> ReadAsync(string id)
    {
        var key = Keys.Conversation(id);
        var value = await redis.RunAsync("get", db => db.StringGetAsync(key)).ConfigureAwait(false);
        if (value.IsNull)
        {
            return (null, null);
        }

        var json = (string)value!;
        var view = JsonSerializer.Deserialize(json, Json.ConversationView)!;
        _versions.AddOrUpdate(view, json);
        return (json, view);
    }

    private async Task<List<ConversationView>> ReadManyAsync(RedisValue[] ids)
    {
        var list = new List<ConversationView>(ids.Length);
        for (var start = 0; start < ids.Length; start += ReadBatch)
        {
            var keys = ids.Skip(start).Take(ReadBatch).Select(id => (RedisKey)Keys.Conversation((string)id!)).ToArray();
            var values = await redis.RunAsync("mget", db => db.StringGetAsync(keys)).ConfigureAwait(false);
            foreach (var value in values)
            {
                if (!value.IsNull)
                {
                    list.Add(JsonSerializer.Deserialize((string)value!, Json.ConversationView)!);
                }
            }
        }

        return list;
    }

    private async Task<long> EvalAsync(string script, RedisKey[] keys, RedisValue[] values)
    {
        var result = await redis.RunAsync("conversation-script", db => db.ScriptEvaluateAsync(script, keys, values)).ConfigureAwait(false);
        return (long)result;
    }

    private static string Serialize(ConversationView conversation) => JsonSerializer.Serialize(conversation, Json.ConversationView);

    private static long Score(ConversationView conversation) => conversation.CreatedAt.ToUnixTimeMilliseconds();

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static BackplaneUnavailableException Contention(string id) =>
        new($"Conversation {id} changed too often to be updated; try again.");
}
