namespace CustomerChat.Broker.Conversations;

/// <summary>
/// The Lua scripts behind <see cref="RedisConversationStore"/>. Each runs atomically in Redis and first
/// compares the conversation's stored JSON with the JSON the caller read (compare-and-set): when another
/// instance changed the conversation in between, the script changes nothing and returns 0, and the caller
/// reads again and re-decides. So every decision (is it still waiting? is it this agent's?) is taken on
/// the current state, and the indexes (open list, agent load, per-user lists) change in the same step.
/// Return values: 1 done, 0 changed meanwhile (read again, decide again), 2 the agent is at capacity.
/// </summary>
internal static class RedisConversationScripts
{
    /// <summary>
    /// Opens a customer's conversation unless its latest-conversation pointer moved.
    /// KEYS: latest pointer, conversation, open set, all set, customer's list, idle deadlines.
    /// ARGV: expected pointer ('' = none), JSON, id, created-at ms, last-activity ms.
    /// </summary>
    public const string Open = """
        local latest = redis.call('GET', KEYS[1]) or ''
        if latest ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[2], ARGV[2])
        redis.call('SET', KEYS[1], ARGV[3])
        redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
        redis.call('ZADD', KEYS[4], ARGV[4], ARGV[3])
        redis.call('ZADD', KEYS[5], ARGV[4], ARGV[3])
        redis.call('ZADD', KEYS[6], ARGV[5], ARGV[3])
        return 1
        """;

    /// <summary>
    /// The one compare-and-set every change goes through: applies the new JSON only if the stored JSON is still
    /// what the caller read (so of two agents racing on two instances exactly one wins) and, when a capacity is
    /// given, only while the agent's active set is below it, counted in the same atomic step; then applies the
    /// index changes the caller derived from the two states, in order.
    /// KEYS: conversation, the guarded agent's active set (any key without a guard), then one key per index change.
    /// ARGV: expected JSON, new JSON, capacity (-1 = no guard), then per index change: op (sadd|srem|zadd|zrem),
    /// its key's index in KEYS, member, score (zadd only).
    /// </summary>
    public const string Replace = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        local capacity = tonumber(ARGV[3])
        if capacity >= 0 and redis.call('SCARD', KEYS[2]) >= capacity then return 2 end
        redis.call('SET', KEYS[1], ARGV[2])
        for i = 4, #ARGV, 4 do
          local op, key, member = ARGV[i], KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2]
          if op == 'zadd' then redis.call('ZADD', key, ARGV[i + 3], member)
          elseif op == 'zrem' then redis.call('ZREM', key, member)
          elseif op == 'sadd' then redis.call('SADD', key, member)
          elseif op == 'srem' then redis.call('SREM', key, member) end
        end
        return 1
        """;

    /// <summary>
    /// Forgets a conversation and every index entry of it (retention).
    /// KEYS: conversation, open set, all set, customer's latest pointer, customer's list, agent's list, agent's active set,
    /// idle deadlines, retention deadlines.
    /// ARGV: expected JSON, id, '1' when there is an agent.
    /// </summary>
    public const string Remove = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[2])
        redis.call('ZREM', KEYS[3], ARGV[2])
        if redis.call('GET', KEYS[4]) == ARGV[2] then redis.call('DEL', KEYS[4]) end
        redis.call('ZREM', KEYS[5], ARGV[2])
        redis.call('ZREM', KEYS[8], ARGV[2])
        redis.call('ZREM', KEYS[9], ARGV[2])
        if ARGV[3] == '1' then
          redis.call('ZREM', KEYS[6], ARGV[2])
          redis.call('SREM', KEYS[7], ARGV[2])
        end
        return 1
        """;

    /// <summary>
    /// Gives conversations written before the deadline sets existed their deadline entry, each only if its stored JSON
    /// is still what the caller read (so a conversation changed meanwhile keeps the entry its change wrote) and only if
    /// it has none yet (<c>NX</c>). KEYS: idle deadlines, retention deadlines, then one conversation key per entry.
    /// ARGV: per entry: read JSON, set ('i' idle | 'r' retention), score (ms), id. Returns how many entries were added.
    /// </summary>
    public const string Backfill = """
        local added = 0
        for i = 1, #ARGV, 4 do
          local n = (i + 3) / 4
          if redis.call('GET', KEYS[2 + n]) == ARGV[i] then
            local key = KEYS[1]
            if ARGV[i + 1] == 'r' then key = KEYS[2] end
            added = added + redis.call('ZADD', key, 'NX', ARGV[i + 2], ARGV[i + 3])
          end
        end
        return added
        """;
}
