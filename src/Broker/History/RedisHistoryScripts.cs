namespace CustomerChat.Broker.History;

/// <summary>The Lua scripts of <see cref="RedisHistoryStore"/>; every key of one call is in the conversation's slot <c>{c:&lt;id&gt;}</c>.</summary>
internal static class RedisHistoryScripts
{
    /// <summary>
    /// Single Redis: dedupe, append and publish in one step. KEYS: stream, trimmed-through id, [client message id].
    /// ARGV: max length, message JSON (without id), dedupe TTL (s), payload with an id slot, channel names…
    /// Returns {1, id} when stored and published, {0, first id} for a seen client message id.
    /// </summary>
    public const string AppendAndPublish = """
        if KEYS[3] then
          local seen = redis.call('GET', KEYS[3])
          if seen then return {0, seen} end
        end
        """ + "\n" + Trim + "\n" + """
        local id = redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[1], '*', 'm', ARGV[2])
        if KEYS[3] then redis.call('SET', KEYS[3], id, 'EX', ARGV[3]) end
        if #ARGV >= 5 then
          local payload = '\3' .. id .. '\0' .. ARGV[4]
          for i = 5, #ARGV do redis.call('PUBLISH', ARGV[i], payload) end
        end
        return {1, id}
        """;

    /// <summary>
    /// Redis Cluster: dedupe, take the conversation's order lock and append in one step (the caller then publishes
    /// and releases). KEYS: stream, trimmed-through id, order lock, [client message id]. ARGV: max length, message JSON (without id),
    /// dedupe TTL (s), lock token, lock TTL (ms). Returns {1, id} when stored (lock held), {0, first id} for a seen
    /// client message id, {2, ''} while another instance holds the lock.
    /// </summary>
    public const string LockAndAppend = """
        if KEYS[4] then
          local seen = redis.call('GET', KEYS[4])
          if seen then return {0, seen} end
        end
        if not redis.call('SET', KEYS[3], ARGV[4], 'NX', 'PX', ARGV[5]) then return {2, ''} end
        """ + "\n" + Trim + "\n" + """
        local id = redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[1], '*', 'm', ARGV[2])
        if KEYS[4] then redis.call('SET', KEYS[4], id, 'EX', ARGV[3]) end
        return {1, id}
        """;

    // Before the XADD that trims: records the highest id the trim removes (KEYS[2]), for history.truncated.
    private const string Trim = """
        local count = redis.call('XLEN', KEYS[1]) - tonumber(ARGV[1]) + 1
        if count > 0 then
          local gone = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', count)
          if #gone > 0 then redis.call('SET', KEYS[2], gone[#gone][1]) end
        end
        """;

    /// <summary>Releases the order lock if this caller still holds it. KEYS: lock. ARGV: token.</summary>
    public const string Unlock = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;
}
