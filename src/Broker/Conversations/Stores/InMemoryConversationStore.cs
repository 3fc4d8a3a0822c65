using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Conversation state for a single instance. One lock guards everything: chat state changes are rare
/// next to message traffic, and one lock makes every compare-and-set with its capacity check atomic.
/// </summary>
public sealed class InMemoryConversationStore : IConversationStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ConversationView> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _latestByCustomer = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<ConversationView?> GetAsync(string id)
    {
        lock (_gate)
        {
            return Task.FromResult(_byId.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc />
    public Task<ConversationView?> GetLatestForCustomerAsync(string customerId)
    {
        lock (_gate)
        {
            return Task.FromResult(_latestByCustomer.TryGetValue(customerId, out var id) ? _byId.GetValueOrDefault(id) : null);
        }
    }

    /// <inheritdoc />
    public Task<(ConversationView Conversation, bool Created)> GetOrOpenAsync(string customerId, ConversationView create)
    {
        lock (_gate)
        {
            if (_latestByCustomer.TryGetValue(customerId, out var id) && _byId.TryGetValue(id, out var latest) && latest.State != ConversationStates.Closed)
            {
                return Task.FromResult((latest, false));
            }

            _byId[create.Id] = create;
            _latestByCustomer[customerId] = create.Id;
            return Task.FromResult((create, true));
        }
    }

    /// <inheritdoc />
    public Task<ReplaceOutcome> ReplaceAsync(ConversationView expected, ConversationView next, CapacityGuard? capacity)
    {
        lock (_gate)
        {
            // The stored record itself is the version: any change replaces it with a new instance.
            if (!_byId.TryGetValue(expected.Id, out var current) || !ReferenceEquals(current, expected))
            {
                return Task.FromResult(ReplaceOutcome.Changed);
            }

            if (capacity is not null && ActiveCount(capacity.AgentId) >= capacity.Capacity)
            {
                return Task.FromResult(ReplaceOutcome.AtCapacity);
            }

            _byId[expected.Id] = next;
            return Task.FromResult(ReplaceOutcome.Replaced);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ConversationView>> ListAsync(bool includeClosed)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ConversationView>>(_byId.Values
                .Where(c => includeClosed || c.State != ConversationStates.Closed)
                .OrderBy(c => c.CreatedAt).ToList());
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ConversationView>> ListDueAsync(DateTimeOffset idleBefore, DateTimeOffset closedBefore)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ConversationView>>(_byId.Values
                .Where(c => c.State == ConversationStates.Closed ? c.ClosedAt is { } closedAt && closedAt <= closedBefore : c.LastActivityAt <= idleBefore)
                .ToList());
        }
    }

    /// <inheritdoc />
    public Task BackfillDeadlinesAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task<IReadOnlyList<ConversationView>> ListForUserAsync(string userId)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ConversationView>>(_byId.Values
                .Where(c => c.CustomerId == userId || c.AgentId == userId)
                .OrderBy(c => c.CreatedAt).ToList());
        }
    }

    /// <inheritdoc />
    public Task RemoveAsync(string id)
    {
        lock (_gate)
        {
            if (_byId.Remove(id, out var c) && _latestByCustomer.TryGetValue(c.CustomerId, out var latest) && latest == id)
            {
                _latestByCustomer.Remove(c.CustomerId);
            }
        }

        return Task.CompletedTask;
    }

    private int ActiveCount(string agentId) => _byId.Values.Count(c => c.State == ConversationStates.Active && c.AgentId == agentId);
}
