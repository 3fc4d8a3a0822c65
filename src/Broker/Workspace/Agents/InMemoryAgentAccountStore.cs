namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>The single-instance <see cref="IAgentAccountStore"/>: two dictionaries under one lock.</summary>
public sealed class InMemoryAgentAccountStore : IAgentAccountStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, AgentAccount> _accounts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<AgentAccountSet> ReadAllAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(new AgentAccountSet(
                new Dictionary<string, AgentAccount>(_accounts, StringComparer.Ordinal),
                new HashSet<string>(_deleted, StringComparer.Ordinal)));
        }
    }

    /// <inheritdoc />
    public Task<AgentAccountEntry> ReadAsync(string username, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(new AgentAccountEntry(_accounts.GetValueOrDefault(username), _deleted.Contains(username)));
        }
    }

    /// <inheritdoc />
    public Task<AgentWriteOutcome> CreateAsync(AgentAccount account, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_accounts.TryAdd(account.Username, account))
            {
                return Task.FromResult(AgentWriteOutcome.Conflict);
            }

            _deleted.Remove(account.Username);
            return Task.FromResult(AgentWriteOutcome.Done);
        }
    }

    /// <inheritdoc />
    public Task<AgentWriteOutcome> ReplaceAsync(AgentAccount account, long expectedVersion, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_accounts.TryGetValue(account.Username, out var current))
            {
                return Task.FromResult(AgentWriteOutcome.NotFound);
            }

            if (current.Version != expectedVersion)
            {
                return Task.FromResult(AgentWriteOutcome.Conflict);
            }

            _accounts[account.Username] = account;
            return Task.FromResult(AgentWriteOutcome.Done);
        }
    }

    /// <inheritdoc />
    public Task<AgentWriteOutcome> DeleteAsync(string username, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_accounts.Remove(username))
            {
                return Task.FromResult(AgentWriteOutcome.NotFound);
            }

            _deleted.Add(username);
            return Task.FromResult(AgentWriteOutcome.Done);
        }
    }
}
