namespace CustomerChat.Broker.Routing;

/// <summary>
/// The Lua scripts behind <see cref="RedisRoutingStore"/>. Every key a script touches is passed in KEYS and carries
/// the <c>{s}</c> hash tag, so each runs atomically on one node of a Redis Cluster.
/// </summary>
internal static class RedisRoutingScripts
{
    /// <summary>KEYS: statuses, since. ARGV: agent, status, '1' = only from offline, now ms. Returns 1 when changed.</summary>
    public const string SetStatus = """
        local current = redis.call('HGET', KEYS[1], ARGV[1]) or 'offline'
        if (ARGV[3] == '1' and current ~= 'offline') or current == ARGV[2] then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
        return 1
        """;

    /// <summary>
    /// Adds a conversation to a queue only if its JSON says waiting and no live reservation holds it; at the front
    /// (below the head's score) when asked. KEYS: queue, conversation, reserved. ARGV: id, score, '1' = front, now ms.
    /// </summary>
    public const string Enqueue = """
        local json = redis.call('GET', KEYS[2])
        if not json or cjson.decode(json)['state'] ~= 'waiting' then return 0 end
        local held = redis.call('HGET', KEYS[3], ARGV[1])
        if held then
          local deadline = tonumber(string.match(held, '|(%d+)$'))
          if deadline and deadline > tonumber(ARGV[4]) then return 0 end
        end
        if ARGV[3] == '1' then
          local score = tonumber(ARGV[2])
          local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
          if #head > 0 and head[1] ~= ARGV[1] and tonumber(head[2]) <= score then score = tonumber(head[2]) - 1 end
          redis.call('ZADD', KEYS[1], score, ARGV[1])
          return 1
        end
        return redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
        """;

    /// <summary>
    /// The assignment decision (docs/protocol.md §12 "The rule"), one per call.
    /// KEYS: 1 statuses, 2 last-assigned, 3 sequence, 4 reserved; then per queue i (1..nq) its sorted set at 4+i and its
    /// assignment-time list at 4+nq+i; then per agent j (1..na) its active set at 3+2nq+2j and its pending set at 4+2nq+2j.
    /// ARGV: nq, na, now ms, reservation ttl ms, estimator window; then per agent j at 5+3(j-1)+1..3: id, capacity,
    /// served queues (<c>*</c> or <c>,1,3,</c>). Returns {conversation, agent, score, queue index} or nil.
    /// </summary>
    public const string Reserve = """
        local nq, na = tonumber(ARGV[1]), tonumber(ARGV[2])
        local now, ttl, window = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
        local heads = {}
        for i = 1, nq do
          local h = redis.call('ZRANGE', KEYS[4 + i], 0, 0, 'WITHSCORES')
          if #h > 0 then heads[#heads + 1] = { i, h[1], tonumber(h[2]), h[2] } end
        end
        if #heads == 0 then return false end
        table.sort(heads, function(a, b) if a[3] == b[3] then return a[1] < b[1] end return a[3] < b[3] end)
        local agents = {}
        for j = 1, na do
          local a = 5 + 3 * (j - 1)
          local id = ARGV[a + 1]
          if redis.call('HGET', KEYS[1], id) == 'available' then
            local pending = KEYS[4 + 2 * nq + 2 * j]
            for _, c in ipairs(redis.call('ZRANGEBYSCORE', pending, '-inf', now)) do
              local held = redis.call('HGET', KEYS[4], c)
              if held and string.sub(held, 1, #id + 1) == id .. '|' then redis.call('HDEL', KEYS[4], c) end
            end
            redis.call('ZREMRANGEBYSCORE', pending, '-inf', now)
            local load = redis.call('SCARD', KEYS[3 + 2 * nq + 2 * j]) + redis.call('ZCARD', pending)
            if load < tonumber(ARGV[a + 2]) then
              agents[#agents + 1] = { j, id, load, tonumber(redis.call('HGET', KEYS[2], id) or '0'), ARGV[a + 3] }
            end
          end
        end
        if #agents == 0 then return false end
        for _, q in ipairs(heads) do
          local best = nil
          for _, a in ipairs(agents) do
            if a[5] == '*' or string.find(a[5], ',' .. q[1] .. ',', 1, true) then
              if best == nil or a[3] < best[3] or (a[3] == best[3] and (a[4] < best[4] or (a[4] == best[4] and a[2] < best[2]))) then best = a end
            end
          end
          if best then
            local conv = q[2]
            local deadline = now + ttl
            redis.call('ZREM', KEYS[4 + q[1]], conv)
            redis.call('ZADD', KEYS[4 + 2 * nq + 2 * best[1]], deadline, conv)
            redis.call('HSET', KEYS[4], conv, best[2] .. '|' .. string.format('%d', deadline))
            redis.call('HSET', KEYS[2], best[2], redis.call('INCR', KEYS[3]))
            redis.call('LPUSH', KEYS[4 + nq + q[1]], ARGV[3])
            redis.call('LTRIM', KEYS[4 + nq + q[1]], 0, window - 1)
            return { conv, best[2], q[4], tostring(q[1]) }
          end
        end
        return false
        """;

    /// <summary>KEYS: agent's pending set, reserved, queue. ARGV: id, agent, '1' = restore, score.</summary>
    public const string Release = """
        redis.call('ZREM', KEYS[1], ARGV[1])
        local held = redis.call('HGET', KEYS[2], ARGV[1])
        if held and string.sub(held, 1, #ARGV[2] + 1) == ARGV[2] .. '|' then redis.call('HDEL', KEYS[2], ARGV[1]) end
        if ARGV[3] == '1' then redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1]) end
        return 1
        """;

    /// <summary>KEYS: last-assigned, sequence, queue's assignment times. ARGV: agent, now ms, window.</summary>
    public const string MarkAssigned = """
        redis.call('HSET', KEYS[1], ARGV[1], redis.call('INCR', KEYS[2]))
        redis.call('LPUSH', KEYS[3], ARGV[2])
        redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[3]) - 1)
        return 1
        """;

    /// <summary>
    /// The positions that changed since last announced (and forgets conversations that left). KEYS: queue, sent.
    /// Returns {length, id1, position1, id2, position2, ...}.
    /// </summary>
    public const string Positions = """
        local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
        local sent = redis.call('HGETALL', KEYS[2])
        local old = {}
        for i = 1, #sent, 2 do old[sent[i]] = sent[i + 1] end
        local out = { #ids }
        for i, id in ipairs(ids) do
          local p = tostring(i)
          if old[id] ~= p then
            redis.call('HSET', KEYS[2], id, p)
            out[#out + 1] = id
            out[#out + 1] = p
          end
          old[id] = nil
        end
        for id, _ in pairs(old) do redis.call('HDEL', KEYS[2], id) end
        return out
        """;
}
