namespace CustomerChat.Broker.Routing;

/// <summary>
/// One assignment decided by the routing store's atomic step: <paramref name="ConversationId"/> left
/// <paramref name="Queue"/> (where it had <paramref name="Score"/>) and holds a slot of <paramref name="AgentId"/>
/// until <see cref="IRoutingStore.ReleaseAsync"/>.
/// </summary>
public sealed record Reservation(string ConversationId, string AgentId, string Queue, double Score);
