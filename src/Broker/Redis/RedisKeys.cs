namespace CustomerChat.Broker.Redis;

/// <summary>
/// Every Redis key and channel the broker uses, all under one prefix (<c>CustomerChat:Redis:KeyPrefix</c>,
/// default <c>cc:</c>) so several deployments or test runs can share one Redis. The layout is described in
/// docs/SCALING.md; change it there too. Keys carry a hash tag so each atomic step touches one slot of a Redis
/// Cluster: the conversation state and its indexes share <c>{s}</c> (small, rarely changed, and every transition,
/// capacity check and assignment is one script over them); each conversation's history and message records share
/// <c>{c:&lt;id&gt;}</c> (the message load spreads over the shards); presence shares <c>{p}</c>.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    /// <summary>The prefix of every key and channel.</summary>
    public string Prefix { get; } = prefix;

    /// <summary>The prefix of every backplane channel: <c>{p}bp:</c> followed by the routing key.</summary>
    public string ChannelPrefix { get; } = prefix + "bp:";

    /// <summary>The pub/sub channel of a routing key, e.g. <c>cc:bp:user:c-1:/queue/messages</c>.</summary>
    public string Channel(string routingKey) => ChannelPrefix + routingKey;

    /// <summary>The prefix of every conversation-state key (hash tag <c>{s}</c>: one slot for state and indexes).</summary>
    public string StatePrefix => Prefix + "{s}:";

    /// <summary>The prefix of every key of one conversation's messages (hash tag <c>{c:&lt;id&gt;}</c>).</summary>
    public string ConversationPrefix(string conversationId) => $"{Prefix}{{c:{conversationId}}}:";

    /// <summary>The history stream of a conversation.</summary>
    public string History(string conversationId) => ConversationPrefix(conversationId) + "history";

    /// <summary>
    /// A sender's client message id in a conversation (idempotent sends): a string holding the id of the message first
    /// sent under it, expiring after 24 h. In the conversation's slot, so the append script checks and sets it.
    /// The sender id is length-prefixed, so no two (sender, client id) pairs share a key.
    /// </summary>
    public string ClientMessage(string conversationId, string senderId, string clientMessageId) =>
        $"{ConversationPrefix(conversationId)}cmid:{senderId.Length}:{senderId}:{clientMessageId}";

    /// <summary>
    /// On a Redis Cluster: held (<c>SET NX PX</c>, a few seconds at most) by the instance appending to a conversation
    /// from its <c>XADD</c> until its sharded publishes are acknowledged, so live order equals history order.
    /// </summary>
    public string HistoryOrderLock(string conversationId) => ConversationPrefix(conversationId) + "order";

    /// <summary>The highest message id trimmed from a conversation's history (for <c>history.truncated</c>).</summary>
    public string HistoryTrimmed(string conversationId) => ConversationPrefix(conversationId) + "trimmed";

    /// <summary>A conversation as JSON (a <c>ConversationView</c>).</summary>
    public string Conversation(string conversationId) => $"{StatePrefix}conv:{conversationId}";

    /// <summary>Sorted set of waiting and active conversation ids, scored by creation time (ms).</summary>
    public string OpenConversations => $"{StatePrefix}convs:open";

    /// <summary>Sorted set of every conversation id (open and closed), scored by creation time (ms).</summary>
    public string AllConversations => $"{StatePrefix}convs:all";

    /// <summary>
    /// Sorted set of waiting and active conversation ids, scored by their last activity (ms): the sweeper's idle
    /// deadlines (it reads only the ids scored at or before "now minus the idle timeout").
    /// </summary>
    public string IdleDeadlines => $"{StatePrefix}convs:by-activity";

    /// <summary>
    /// Sorted set of closed conversation ids, scored by their close time (ms): the sweeper's retention deadlines.
    /// </summary>
    public string RetentionDeadlines => $"{StatePrefix}convs:by-closed";

    /// <summary>The id of a customer's most recent conversation.</summary>
    public string CustomerLatest(string customerId) => $"{StatePrefix}customer:{customerId}:latest";

    /// <summary>Sorted set of the conversations a user takes part in (as customer or current agent), scored by creation time.</summary>
    public string UserConversations(string userId) => $"{StatePrefix}user:{userId}:convs";

    /// <summary>Set of the active conversation ids an agent holds; its size is the agent's load.</summary>
    public string AgentActive(string agentId) => $"{StatePrefix}agent:{agentId}:active";

    /// <summary>Sorted set of broker instances, scored by the Redis time (ms) each last refreshed its presence.</summary>
    public string PresenceInstances => $"{Prefix}{{p}}:instances";

    /// <summary>The prefix of <see cref="PresenceInstanceUsers"/> (the reaper script builds the key itself).</summary>
    public string PresenceInstanceUsersPrefix => $"{Prefix}{{p}}:instance:";

    /// <summary>Set of the users online on one instance.</summary>
    public string PresenceInstanceUsers(string instanceId) => PresenceInstanceUsersPrefix + instanceId;

    /// <summary>The prefix of <see cref="PresenceUser"/> (the reaper script builds the key itself).</summary>
    public string PresenceUserPrefix => $"{Prefix}{{p}}:user:";

    /// <summary>Set of the instances a user is online on.</summary>
    public string PresenceUser(string userId) => PresenceUserPrefix + userId;
}
