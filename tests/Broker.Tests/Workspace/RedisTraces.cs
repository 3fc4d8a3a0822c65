using StackExchange.Redis;

namespace CustomerChat.Broker.Tests.Workspace;

/// <summary>
/// Scans every key of a broker's prefix on every master (one server or each node of a Cluster) for ids: a key is a
/// trace when its name or its content (string value, set/sorted-set/list members, hash fields and values, stream
/// entries) contains one of them.
/// </summary>
internal static class RedisTraces
{
    /// <summary>The names of the keys under <paramref name="prefix"/> that name or hold one of <paramref name="ids"/>.</summary>
    public static async Task<IReadOnlyList<string>> FindAsync(string configuration, string prefix, params string[] ids)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var db = connection.GetDatabase();
        var traces = new List<string>();
        foreach (var server in connection.GetServers().Where(s => !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: prefix + "*", pageSize: 500))
            {
                var name = (string)key!;
                var content = await ContentAsync(db, key);
                if (ids.Any(id => name.Contains(id, StringComparison.Ordinal) || content.Contains(id, StringComparison.Ordinal)))
                {
                    traces.Add(name);
                }
            }
        }

        return traces;
    }

    /// <summary>Polls <see cref="FindAsync"/> until nothing is found or <paramref name="timeout"/> passes; returns the last traces.</summary>
    public static async Task<IReadOnlyList<string>> WaitForNoneAsync(string configuration, string prefix, TimeSpan timeout, params string[] ids)
    {
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyList<string> traces;
        while ((traces = await FindAsync(configuration, prefix, ids)).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100); // polling Redis for a removal done by a timed sweep or after a session's end; bounded by the deadline
        }

        return traces;
    }

    private static async Task<string> ContentAsync(IDatabase db, RedisKey key) => await db.KeyTypeAsync(key) switch
    {
        RedisType.String => (string?)await db.StringGetAsync(key) ?? "",
        RedisType.Set => string.Join("\n", await db.SetMembersAsync(key)),
        RedisType.SortedSet => string.Join("\n", await db.SortedSetRangeByRankAsync(key)),
        RedisType.Hash => string.Join("\n", (await db.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}")),
        RedisType.List => string.Join("\n", await db.ListRangeAsync(key)),
        RedisType.Stream => string.Join("\n", (await db.StreamRangeAsync(key)).SelectMany(e => e.Values).Select(v => $"{v.Name}={v.Value}")),
        _ => "",
    };
}
