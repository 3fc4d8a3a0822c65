namespace CustomerChat.Broker.Redis;

/// <summary>
/// Every Redis key and channel the broker uses, all under one prefix (<c>CustomerChat:Redis:KeyPrefix</c>,
/// default <c>cc:</c>) so several deployments or test runs can share one Redis. The layout is described in
/// docs/SCALING.md; change it there too.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    /// <summary>The prefix of every key and channel.</summary>
    public string Prefix { get; } = prefix;

    /// <summary>The prefix of every backplane channel: <c>{p}bp:</c> followed by the routing key.</summary>
    public string ChannelPrefix { get; } = prefix + "bp:";

    /// <summary>The pub/sub channel of a routing key, e.g. <c>cc:bp:user:c-1:/queue/messages</c>.</summary>
    public string Channel(string routingKey) => ChannelPrefix + routingKey;

    /// <summary>The history stream of a conversation.</summary>
    public string History(string conversationId) => $"{Prefix}history:{conversationId}";

    /// <summary>A conversation as JSON (a <c>ConversationView</c>).</summary>
    public string Conversation(string conversationId) => $"{Prefix}conv:{conversationId}";

    /// <summary>Sorted set of waiting and active conversation ids, scored by creation time (ms).</summary>
    public string OpenConversations => $"{Prefix}convs:open";

    /// <summary>Sorted set of every conversation id (open and closed), scored by creation time (ms).</summary>
    public string AllConversations => $"{Prefix}convs:all";

    /// <summary>The id of a customer's most recent conversation.</summary>
    public string CustomerLatest(string customerId) => $"{Prefix}customer:{customerId}:latest";

    /// <summary>Sorted set of the conversations a user takes part in (as customer or current agent), scored by creation time.</summary>
    public string UserConversations(string userId) => $"{Prefix}user:{userId}:convs";

    /// <summary>Set of the active conversation ids an agent holds; its size is the agent's load.</summary>
    public string AgentActive(string agentId) => $"{Prefix}agent:{agentId}:active";

    /// <summary>Sorted set of broker instances, scored by the Redis time (ms) each last refreshed its presence.</summary>
    public string PresenceInstances => $"{Prefix}presence:instances";

    /// <summary>The prefix of <see cref="PresenceInstanceUsers"/> (the reaper script builds the key itself).</summary>
    public string PresenceInstanceUsersPrefix => $"{Prefix}presence:instance:";

    /// <summary>Set of the users online on one instance.</summary>
    public string PresenceInstanceUsers(string instanceId) => PresenceInstanceUsersPrefix + instanceId;

    /// <summary>The prefix of <see cref="PresenceUser"/> (the reaper script builds the key itself).</summary>
    public string PresenceUserPrefix => $"{Prefix}presence:user:";

    /// <summary>Set of the instances a user is online on.</summary>
    public string PresenceUser(string userId) => PresenceUserPrefix + userId;
}
