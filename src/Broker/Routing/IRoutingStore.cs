namespace CustomerChat.Broker.Routing;

/// <summary>
/// Routing state shared by every instance (docs/protocol.md §12; Redis layout in docs/SCALING.md): agent statuses,
/// the queues, the slots held by assignments in flight, the last announced positions and recent assignment times.
/// In memory one lock makes each step atomic; on Redis each step is one Lua script over keys of the <c>{s}</c> hash tag
/// (the same slot as the conversations and the agents' active sets, so an assignment reads the real loads).
/// </summary>
public interface IRoutingStore
{
    /// <summary>The status of each agent (<see cref="AgentState.Unknown"/> for one never seen).</summary>
    Task<IReadOnlyDictionary<string, AgentState>> GetAgentsAsync(IReadOnlyList<string> agentIds);

    /// <summary>
    /// Sets an agent's status at <paramref name="nowMs"/>; with <paramref name="onlyFromOffline"/> only when it is
    /// offline now (a first connection makes an agent available, a reconnect of an away agent keeps it away).
    /// True when the status changed.
    /// </summary>
    Task<bool> SetStatusAsync(string agentId, string status, bool onlyFromOffline, long nowMs);

    /// <summary>The active conversations the agent holds now.</summary>
    Task<int> LoadOfAsync(string agentId);

    /// <summary>
    /// Adds a conversation to a queue with <paramref name="score"/> (its creation time, ms), unless it is there already,
    /// no longer waiting, or held by an assignment in flight; with <paramref name="front"/> ahead of every entry instead.
    /// True when added.
    /// </summary>
    Task<bool> EnqueueAsync(string queue, string conversationId, double score, bool front, long nowMs);

    /// <summary>Removes a conversation from every queue in <paramref name="queues"/>.</summary>
    Task RemoveAsync(string conversationId, IReadOnlyList<string> queues);

    /// <summary>
    /// The atomic step that decides one assignment: of the queues' heads, the one waiting longest that an
    /// <c>available</c> agent serving its queue with room (active + held slots &lt; capacity) can take goes to the one
    /// of them with the fewest, tie to the least recently assigned (then the smaller id). The conversation leaves its
    /// queue and holds a slot of the agent until released (or <paramref name="ttl"/> passes). Null when none fits.
    /// </summary>
    Task<Reservation?> ReserveAsync(IReadOnlyList<string> queues, IReadOnlyList<RosterAgent> agents, long nowMs, TimeSpan ttl, int window);

    /// <summary>Frees the reservation's slot; with <paramref name="restore"/> puts the conversation back in its place in the queue.</summary>
    Task ReleaseAsync(Reservation reservation, bool restore);

    /// <summary>Records a claim by hand: the agent counts as assigned now (tie-break) and the queue's assignment times get <paramref name="nowMs"/>.</summary>
    Task MarkAssignedAsync(string agentId, string queue, long nowMs, int window);

    /// <summary>The queue's conversation ids, next first.</summary>
    Task<IReadOnlyList<string>> ListQueueAsync(string queue);

    /// <summary>The entries of the queue whose position differs from the last one announced (and forgets those that left), atomically; and the queue's length.</summary>
    Task<(IReadOnlyList<PositionChange> Changes, int Waiting)> TakePositionChangesAsync(string queue);

    /// <summary>The recent assignment times of the queue (Unix ms), newest first.</summary>
    Task<IReadOnlyList<long>> RecentAssignmentsAsync(string queue);
}
