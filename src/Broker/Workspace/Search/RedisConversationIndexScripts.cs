namespace CustomerChat.Broker.Workspace.Search;

/// <summary>
/// The Lua scripts behind <see cref="RedisConversationIndex"/>. Every key they touch carries the hash tag
/// <c>{s}</c> of the conversation state, so each script is one Redis Cluster slot.
/// </summary>
internal static class RedisConversationIndexScripts
{
    /// <summary>
    /// Takes the conversation out of some index sets and into others, keeping its list of index keys.
    /// KEYS: the conversation's index-key set, then the <c>ARGV[2]</c> sets to leave, then the sets to join.
    /// ARGV: conversation id, how many sets to leave.
    /// </summary>
    public const string Move = """
        local leave = tonumber(ARGV[2])
        for i = 2, #KEYS do
          if i <= leave + 1 then
            redis.call('SREM', KEYS[i], ARGV[1])
            redis.call('SREM', KEYS[1], KEYS[i])
          else
            redis.call('SADD', KEYS[i], ARGV[1])
            redis.call('SADD', KEYS[1], KEYS[i])
          end
        end
        return 1
        """;
}
