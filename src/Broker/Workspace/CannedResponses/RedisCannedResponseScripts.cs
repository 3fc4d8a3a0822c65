namespace CustomerChat.Broker.Workspace.CannedResponses;

/// <summary>
/// The Lua scripts behind <see cref="RedisCannedResponseStore"/>. Each runs atomically, so the short-code index
/// (a hash <c>shortCode → id</c>) and the response's own hash always agree, and two instances writing the same
/// short code at once cannot both win. Both keys share the hash tag <c>{canned}</c>.
/// Return values: 1 done, 0 the short code belongs to another response, -1 no such response.
/// </summary>
internal static class RedisCannedResponseScripts
{
    /// <summary>KEYS: response hash, short-code index. ARGV: id, short code, content.</summary>
    public const string Create = """
        if redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], 'id', ARGV[1], 'shortCode', ARGV[2], 'content', ARGV[3])
        return 1
        """;

    /// <summary>KEYS: response hash, short-code index. ARGV: id, new short code, new content.</summary>
    public const string Replace = """
        local old = redis.call('HGET', KEYS[1], 'shortCode')
        if not old then return -1 end
        local owner = redis.call('HGET', KEYS[2], ARGV[2])
        if owner and owner ~= ARGV[1] then return 0 end
        if old ~= ARGV[2] then redis.call('HDEL', KEYS[2], old) end
        redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
        redis.call('HSET', KEYS[1], 'shortCode', ARGV[2], 'content', ARGV[3])
        return 1
        """;

    /// <summary>KEYS: response hash, short-code index. ARGV: id.</summary>
    public const string Delete = """
        local old = redis.call('HGET', KEYS[1], 'shortCode')
        if not old then return -1 end
        redis.call('DEL', KEYS[1])
        if redis.call('HGET', KEYS[2], old) == ARGV[1] then redis.call('HDEL', KEYS[2], old) end
        return 1
        """;
}
