namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>
/// The Lua scripts behind <see cref="RedisTicketStore"/>. Each runs atomically over keys that all share the hash tag
/// <c>{tickets}</c>, so the ticket's JSON and its index entries never disagree. The update is a compare-and-set: it
/// applies only when the stored JSON is still the JSON the caller read, else changes nothing and returns 0.
/// </summary>
internal static class RedisTicketScripts
{
    /// <summary>
    /// KEYS: ticket, all (sorted set), status set, assignee set (any key when none), customer set (any key when none).
    /// ARGV: JSON, id, created-at ms, '1' when there is an assignee, '1' when there is a customer.
    /// Returns 1, or 0 when the id exists already.
    /// </summary>
    public const string Create = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX') == false then return 0 end
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
        redis.call('SADD', KEYS[3], ARGV[2])
        if ARGV[4] == '1' then redis.call('SADD', KEYS[4], ARGV[2]) end
        if ARGV[5] == '1' then redis.call('SADD', KEYS[5], ARGV[2]) end
        return 1
        """;

    /// <summary>
    /// KEYS: ticket, old status set, new status set, old assignee set (any key when none), new assignee set (any key when none).
    /// ARGV: expected JSON, new JSON, id, '1' when there was an assignee, '1' when there is one now.
    /// Returns 1, or 0 when the ticket changed meanwhile (or is gone).
    /// </summary>
    public const string Replace = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('SREM', KEYS[2], ARGV[3])
        redis.call('SADD', KEYS[3], ARGV[3])
        if ARGV[4] == '1' then redis.call('SREM', KEYS[4], ARGV[3]) end
        if ARGV[5] == '1' then redis.call('SADD', KEYS[5], ARGV[3]) end
        return 1
        """;

    /// <summary>
    /// KEYS: ticket, all (sorted set), status set, assignee set (any key when none), customer set (any key when none).
    /// ARGV: expected JSON, id, '1' when there is an assignee, '1' when there is a customer.
    /// Returns 1, or 0 when the ticket changed meanwhile (or is gone).
    /// </summary>
    public const string Delete = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[2])
        redis.call('SREM', KEYS[3], ARGV[2])
        if ARGV[3] == '1' then redis.call('SREM', KEYS[4], ARGV[2]) end
        if ARGV[4] == '1' then redis.call('SREM', KEYS[5], ARGV[2]) end
        return 1
        """;
}
