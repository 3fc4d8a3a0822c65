namespace CustomerChat.Broker.Stomp;

/// <summary>
/// Routing keys: a topic's key is its destination; a user destination (<c>/user/queue/x</c>) resolves to
/// <c>user:&lt;userId&gt;:/queue/x</c>, so every session of that user, on any instance, shares one key
/// (the per-user destinations of Spring's STOMP broker).
/// </summary>
public static class RoutingKeys
{
    /// <summary>The prefix clients use for their own queues.</summary>
    public const string UserPrefix = "/user/";

    /// <summary>The key of a user's queue, e.g. <c>User("c-1", "/queue/messages")</c>.</summary>
    public static string User(string userId, string queue) => $"user:{userId}:{queue}";
}
