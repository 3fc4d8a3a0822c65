namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>
/// The Lua scripts behind <see cref="RedisAgentAccountStore"/>. KEYS[1] is the accounts hash (username → account
/// JSON), KEYS[2] the tombstone hash (username → deletion time); both share the hash tag <c>{agents}</c>.
/// Return values: 1 done, 0 conflict, -1 no such account.
/// </summary>
internal static class RedisAgentAccountScripts
{
    /// <summary>ARGV: username, account JSON. Adds the account unless the name is taken, and clears its tombstone.</summary>
    public const string Create = """
        if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
        redis.call('HDEL', KEYS[2], ARGV[1])
        return 1
        """;

    /// <summary>ARGV: username, expected version, account JSON. Replaces the account if its version is the expected one.</summary>
    public const string Replace = """
        local current = redis.call('HGET', KEYS[1], ARGV[1])
        if not current then return -1 end
        if cjson.decode(current)['version'] ~= tonumber(ARGV[2]) then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        return 1
        """;

    /// <summary>ARGV: username, deletion time (ISO 8601). Removes the account and leaves a tombstone.</summary>
    public const string Delete = """
        if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return -1 end
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        return 1
        """;
}
