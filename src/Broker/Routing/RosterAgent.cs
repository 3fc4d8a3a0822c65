namespace CustomerChat.Broker.Routing;

/// <summary>
/// A configured agent as routing sees it: id, display name, capacity and the queues it serves
/// (<paramref name="Queues"/> null = every queue; the general queue is always served).
/// </summary>
public sealed record RosterAgent(string Id, string Name, int Capacity, IReadOnlySet<string>? Queues)
{
    /// <summary>Whether the agent serves <paramref name="queue"/>.</summary>
    public bool Serves(string queue) => Queues is null || queue == RoutingQueues.General || Queues.Contains(queue);
}
