using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Conversation state for a single instance. One lock guards everything: chat state changes are rare
/// next to message traffic, and one lock makes every check-then-act (claim, capacity) trivially atomic.
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
    public Task<StoreResult> ClaimAsync(string id, string agentId, string agentName, int capacity) =>
        Change(id, c =>
        {
            if (c.State != ConversationStates.Waiting)
            {
                return StoreOutcome.WrongState;
            }

            return ActiveCount(agentId) >= capacity ? StoreOutcome.AtCapacity : StoreOutcome.Ok;
        }, c => c with { State = ConversationStates.Active, AgentId = agentId, AgentName = agentName });

    /// <inheritdoc />
    public Task<StoreResult> TransferAsync(string id, string fromAgent, string toAgent, string toAgentName, int capacity) =>
        Change(id, c =>
        {
            if (c.State != ConversationStates.Active)
            {
                return StoreOutcome.WrongState;
            }

            if (c.AgentId != fromAgent)
            {
                return StoreOutcome.NotAssigned;
            }

            return ActiveCount(toAgent) >= capacity ? StoreOutcome.AtCapacity : StoreOutcome.Ok;
        }, c => c with { AgentId = toAgent, AgentName = toAgentName });

    /// <inheritdoc />
    public Task<StoreResult> CloseAsync(string id, DateTimeOffset at) =>
        Change(id, c => c.State == ConversationStates.Closed ? StoreOutcome.WrongState : StoreOutcome.Ok,
            c => c with { State = ConversationStates.Closed, ClosedAt = at });

    /// <inheritdoc />
    public Task<StoreResult> RateAsync(string id, RatingView rating) =>
        Change(id, c => c.State != ConversationStates.Closed ? StoreOutcome.WrongState : c.Rating is not null ? StoreOutcome.AlreadyRated : StoreOutcome.Ok,
            c => c with { Rating = rating });

    /// <inheritdoc />
    public Task<ConversationView?> TouchAsync(string id, ChatMessageView lastMessage)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out var c))
            {
                return Task.FromResult<ConversationView?>(null);
            }

            var updated = c with { LastMessage = lastMessage, LastActivityAt = lastMessage.Timestamp };
            _byId[id] = updated;
            return Task.FromResult<ConversationView?>(updated);
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

    private Task<StoreResult> Change(string id, Func<ConversationView, StoreOutcome> check, Func<ConversationView, ConversationView> apply)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out var c))
            {
                return Task.FromResult(new StoreResult(StoreOutcome.NotFound, null));
            }

            var outcome = check(c);
            if (outcome != StoreOutcome.Ok)
            {
                return Task.FromResult(new StoreResult(outcome, c));
            }

            var updated = apply(c);
            _byId[id] = updated;
            return Task.FromResult(new StoreResult(StoreOutcome.Ok, updated));
        }
    }
}
