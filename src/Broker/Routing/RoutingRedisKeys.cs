using CustomerChat.Broker.Redis;

namespace CustomerChat.Broker.Routing;

/// <summary>
/// Routing's Redis keys (docs/SCALING.md, "Routing"), all under the conversation state's hash tag <c>{s}</c> so each
/// routing script also reads the agents' active sets and the conversations in one slot of a Redis Cluster.
/// </summary>
public sealed class RoutingRedisKeys(RedisKeys keys)
{
    private string Prefix => keys.StatePrefix + "routing:";

    /// <summary>Hash agent id → status.</summary>
    public string Statuses => Prefix + "status";

    /// <summary>Hash agent id → Unix ms of its last status change.</summary>
    public string StatusSince => Prefix + "since";

    /// <summary>Hash agent id → assignment sequence number of its last assignment (tie-break).</summary>
    public string LastAssigned => Prefix + "last";

    /// <summary>The assignment sequence counter.</summary>
    public string Sequence => Prefix + "seq";

    /// <summary>Hash conversation id → <c>agent|deadline-ms</c> of an assignment in flight.</summary>
    public string Reserved => Prefix + "reserved";

    /// <summary>Sorted set of an agent's assignments in flight, scored by deadline (ms).</summary>
    public string Pending(string agentId) => $"{Prefix}pending:{agentId}";

    /// <summary>Sorted set of a queue's waiting conversations, scored by waiting-since (ms; lower = earlier).</summary>
    public string Queue(string queue) => $"{Prefix}queue:{queue}";

    /// <summary>Hash conversation id → the position last announced to its customer.</summary>
    public string Sent(string queue) => $"{Prefix}sent:{queue}";

    /// <summary>List of a queue's recent assignment times (ms), newest first.</summary>
    public string Assigned(string queue) => $"{Prefix}assigned:{queue}";

    /// <summary>The conversation's JSON (owned by the conversation store).</summary>
    public string Conversation(string conversationId) => keys.Conversation(conversationId);

    /// <summary>The agent's set of active conversations (owned by the conversation store): its load.</summary>
    public string Active(string agentId) => keys.AgentActive(agentId);
}
