namespace CustomerChat.Broker.Conversations;

/// <summary>
/// The Lua scripts behind <see cref="RedisConversationStore"/>. Each runs atomically in Redis and first
/// compares the conversation's stored JSON with the JSON the caller read (compare-and-set): when another
/// instance changed the conversation in between, the script changes nothing and returns 0, and the caller
/// reads again and re-decides. So every decision (is it still waiting? is it this agent's?) is taken on
/// the current state, and the indexes (open list, agent load, per-user lists) change in the same step.
/// Return values: 1 done, 0 changed meanwhile (retry), 2 the agent is at capacity.
/// </summary>
internal static class RedisConversationScripts
{
    /// <summary>
    /// Opens a customer's conversation unless its latest-conversation pointer moved.
    /// KEYS: latest pointer, conversation, open set, all set, customer's list.
    /// ARGV: expected pointer ('' = none), JSON, id, created-at ms.
    /// </summary>
    public const string Open = """
        local latest = redis.call('GET', KEYS[1]) or ''
        if latest ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[2], ARGV[2])
        redis.call('SET', KEYS[1], ARGV[3])
        redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
        redis.call('ZADD', KEYS[4], ARGV[4], ARGV[3])
        redis.call('ZADD', KEYS[5], ARGV[4], ARGV[3])
        return 1
        """;

    /// <summary>
    /// Compare-and-set with no index change (touch, rate).
    /// KEYS: conversation. ARGV: expected JSON, new JSON.
    /// </summary>
    public const string Replace = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2])
        return 1
        """;

    /// <summary>
    /// The claim: waiting → active for an agent, only if nobody else changed the conversation (so of two
    /// agents racing on two instances exactly one wins) and only within the agent's capacity, counted as the
    /// size of the agent's active set in the same atomic step.
    /// KEYS: conversation, agent's active set, agent's list.
    /// ARGV: expected JSON, new JSON, capacity, id, created-at ms.
    /// </summary>
    public const string Claim = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[3]) then return 2 end
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('SADD', KEYS[2], ARGV[4])
        redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
        return 1
        """;

    /// <summary>
    /// Moves an active conversation to another agent within the target's capacity.
    /// KEYS: conversation, target's active set, source's active set, target's list, source's list.
    /// ARGV: expected JSON, new JSON, capacity, id, created-at ms.
    /// </summary>
    public const string Transfer = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[3]) then return 2 end
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('SREM', KEYS[3], ARGV[4])
        redis.call('SADD', KEYS[2], ARGV[4])
        redis.call('ZREM', KEYS[5], ARGV[4])
        redis.call('ZADD', KEYS[4], ARGV[5], ARGV[4])
        return 1
        """;

    /// <summary>
    /// waiting|active → closed: leaves the open set and the agent's load.
    /// KEYS: conversation, open set, agent's active set (any key when there is no agent).
    /// ARGV: expected JSON, new JSON, id, '1' when there is an agent.
    /// </summary>
    public const string Close = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('ZREM', KEYS[2], ARGV[3])
        if ARGV[4] == '1' then redis.call('SREM', KEYS[3], ARGV[3]) end
        return 1
        """;

    /// <summary>
    /// Forgets a conversation and every index entry of it (retention).
    /// KEYS: conversation, open set, all set, customer's latest pointer, customer's list, agent's list, agent's active set.
    /// ARGV: expected JSON, id, '1' when there is an agent.
    /// </summary>
    public const string Remove = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[2])
        redis.call('ZREM', KEYS[3], ARGV[2])
        if redis.call('GET', KEYS[4]) == ARGV[2] then redis.call('DEL', KEYS[4]) end
        redis.call('ZREM', KEYS[5], ARGV[2])
        if ARGV[3] == '1' then
          redis.call('ZREM', KEYS[6], ARGV[2])
          redis.call('SREM', KEYS[7], ARGV[2])
        end
        return 1
        """;
}
