using CustomerChat.Broker.Conversations;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Routing;

/// <summary>
/// Routing state for a single instance. One asynchronous lock makes every step atomic (the same steps the Redis
/// scripts take); loads are counted from the conversation store inside the lock.
/// </summary>
public sealed class InMemoryRoutingStore(IConversationStore conversations) : IRoutingStore, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, AgentState> _statuses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastAssigned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, double>> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Agent, long Deadline)> _reserved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _sent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _assignedAt = new(StringComparer.Ordinal);
    private long _sequence;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, AgentState>> GetAgentsAsync(IReadOnlyList<string> agentIds)
    {
        using (await LockAsync().ConfigureAwait(false))
        {
            return agentIds.Distinct().ToDictionary(id => id, id => _statuses.GetValueOrDefault(id) ?? AgentState.Unknown, StringComparer.Ordinal);
        }
    }

    /// <inheritdoc />
    public async Task<bool> SetStatusAsync(string agentId, string status, bool onlyFromOffline, long nowMs)
    {
        using (await LockAsync().ConfigureAwait(false))
        {
            var current = _statuses.GetValueOrDefault(agentId)?.Status ?? AgentStatuses.Offline;
            if ((onlyFromOffline && current != AgentStatuses.Offline) || current == status)
            {
                return false;
            }

            _statuses[agentId] = new AgentState(status, nowMs);
            return true;
        }
    }

    /// <inheritdoc />
    public async Task<int> LoadOfAsync(string agentId) =>
        (await conversations.ListForUserAsync(agentId).ConfigureAwait(false)).Count(c => c.State == ConversationStates.Active && c.AgentId == agentId);

    /// <inheritdoc />
    public async Task<bool> EnqueueAsync(string queue, string conversationId, double score, bool front, long nowMs)
    {
        using (await LockAsync().ConfigureAwait(false))
        {
            if (await conversations.GetAsync(conversationId).ConfigureAwait(false) is not { State: ConversationStates.Waiting }
                || (_reserved.TryGetValue(conversationId, out var held) && held.Deadline > nowMs))
            {
                return false;
            }

            var entries = Queue(queue);
            if (front)
            {
                var head = entries.Where(e => e.Key != conversationId).Select(e => (double?)e.Value).Min();
                entries[conversationId] = head is { } h && h <= score ? h - 1 : score;
                return true;
            }

            return entries.TryAdd(conversationId, score);
        }
    }

    /// <inheritdoc />
    public async Task RemoveAsync(string conversationId, IReadOnlyList<string> queues)
    {
        using (await LockAsync().ConfigureAwait(false))
        {
            foreach (var queue in queues)
            {
                Queue(queue).Remove(conversationId);
            }
        }
    }

    /// <inheritdoc />
    public async Task<Reservation?> ReserveAsync(IReadOnlyList<string> queues, IReadOnlyList<RosterAgent> agents, long nowMs, TimeSpan ttl, int window)
    {
        using (await LockAsync().ConfigureAwait(false))
        {
            foreach (var expired in _reserved.Where(r => r.Value.Deadline <= nowMs).Select(r => r.Key).ToList())
            {
                _reserved.Remove(expired);
            }

            var heads = queues
                .Select(q => (Queue: q, Head: Queue(q).OrderBy(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => (KeyValuePair<string, double>?)e).FirstOrDefault()))
                .Where(h => h.Head is not null)
                .OrderBy(h => h.Head!.Value.Value).ThenBy(h => IndexOf(queues, h.Queue))
                .ToList();
            if (heads.Count == 0)
            {
                return null;
            }

            var active = (await conversations.ListAsync(includeClosed: false).ConfigureAwait(false))
                .Where(c => c.State == ConversationStates.Active && c.AgentId is not null)
                .GroupBy(c => c.AgentId!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var candidates = agents
                .Where(a => _statuses.GetValueOrDefault(a.Id)?.Status == AgentStatuses.Available)
                .Select(a => (Agent: a, Load: active.GetValueOrDefault(a.Id) + _reserved.Count(r => r.Value.Agent == a.Id), Last: _lastAssigned.GetValueOrDefault(a.Id)))
                .Where(a => a.Load < a.Agent.Capacity)
                .ToList();
            foreach (var (queue, head) in heads)
            {
                var best = candidates.Where(c => c.Agent.Serves(queue))
                    .OrderBy(c => c.Load).ThenBy(c => c.Last).ThenBy(c => c.Agent.Id, StringComparer.Ordinal)
                    .Select(c => c.Agent).FirstOrDefault();
                if (best is null)
                {
                    continue;
                }

                var (conversationId, score) = head!.Value;
                Queue(queue).Remove(conversationId);
                _reserved[conversationId] = (best.Id, nowMs + (long)ttl.TotalMilliseconds);
                _lastAssigned[best.Id] = ++_sequence;
                Record(queue, nowMs, window);
                return new Reservation(conversationId, best.Id, queue, score);
            }

            return null;
        }
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(Reservation reservation, bool restore)
    {
        using (await LockAsync().ConfigureAwait(false))
        {
            if (_reserved.TryGetValue(reservation.ConversationId, out var held) && held.Agent == reservation.AgentId)
            {
                _reserved.Remove(reservation.ConversationId);
            }

            if (restore)
            {
                Queue(reservation.Queue)[reservation.ConversationId] = reservation.Score;
            }
        }
    }

    /// <inheritdoc />
    public async Task MarkAssignedAsync(string agentId, string queue, long nowMs, int window)
    {
        using (await LockAsync().ConfigureAwait(false))
        {
            _lastAssigned[agentId] = ++_sequence;
            Record(queue, nowMs, window);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListQueueAsync(string queue)
    {
        using (await LockAsync().ConfigureAwait(false))
        {
            return Ordered(queue);
        }
    }

    /// <inheritdoc />
    public async Task<(IReadOnlyList<PositionChange> Changes, int Waiting)> TakePositionChangesAsync(string queue)
    {
        using (await LockAsync().ConfigureAwait(false))
        {
            var ids = Ordered(queue);
            if (!_sent.TryGetValue(queue, out var sent))
            {
                _sent[queue] = sent = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            var changes = new List<PositionChange>();
            var now = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < ids.Count; i++)
            {
                now[ids[i]] = i + 1;
                if (!sent.TryGetValue(ids[i], out var was) || was != i + 1)
                {
                    changes.Add(new PositionChange(ids[i], i + 1));
                }
            }

            _sent[queue] = now;
            return (changes, ids.Count);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<long>> RecentAssignmentsAsync(string queue)
    {
        using (await LockAsync().ConfigureAwait(false))
        {
            return _assignedAt.TryGetValue(queue, out var list) ? [.. list] : [];
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private Dictionary<string, double> Queue(string queue)
    {
        if (!_queues.TryGetValue(queue, out var entries))
        {
            _queues[queue] = entries = new Dictionary<string, double>(StringComparer.Ordinal);
        }

        return entries;
    }

    private List<string> Ordered(string queue) =>
        [.. Queue(queue).OrderBy(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key)];

    private void Record(string queue, long nowMs, int window)
    {
        if (!_assignedAt.TryGetValue(queue, out var list))
        {
            _assignedAt[queue] = list = [];
        }

        list.Insert(0, nowMs);
        if (list.Count > window)
        {
            list.RemoveRange(window, list.Count - window);
        }
    }

    private static int IndexOf(IReadOnlyList<string> queues, string queue)
    {
        for (var i = 0; i < queues.Count; i++)
        {
            if (queues[i] == queue)
            {
                return i;
            }
        }

        return queues.Count;
    }

    private async Task<Releaser> LockAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        return new Releaser(_gate);
    }

    private readonly struct Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
