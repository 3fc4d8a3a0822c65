using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Options;

namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>
/// This instance's copy of the stored accounts (docs/protocol.md §15 "Storage"), which
/// <see cref="AgentDirectory"/> and <see cref="TokenService"/> read without waiting on the store. It is refreshed after
/// every write on this instance, on every change another instance announces (Redis mode) and periodically. Refreshes
/// run one at a time and each reads the store while holding the turn, so a later refresh never applies older data.
/// When a refresh finds a username newly disabled or deleted, the agent's sessions on this instance end with ERROR
/// <c>account disabled</c> (<see cref="AgentSessionTerminator"/>).
/// </summary>
public sealed class AgentAccountCache(IAgentAccountStore store, AgentSessionTerminator terminator) : IAgentAccountSource
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private volatile AgentAccountSnapshot _snapshot = AgentAccountSnapshot.Empty;

    /// <inheritdoc />
    public IReadOnlyCollection<AgentAccountOptions> All => _snapshot.Enabled.Values;

    /// <summary>Every stored account, enabled or disabled, as last read.</summary>
    public IReadOnlyCollection<AgentAccount> Stored => _snapshot.Accounts.Values;

    /// <inheritdoc />
    public AgentAccountOptions? Find(string username) => _snapshot.Enabled.GetValueOrDefault(username);

    /// <inheritdoc />
    public bool IsRevoked(string username) => _snapshot.IsRevoked(username);

    /// <inheritdoc />
    public async Task<AgentAccountOptions?> LoadAsync(string username, CancellationToken cancellationToken)
    {
        var entry = await store.ReadAsync(username, cancellationToken).ConfigureAwait(false);
        return entry.Account is { Disabled: false } account ? AgentAccountSnapshot.ToOptions(account) : null;
    }

    /// <summary>Reads one username from the store and applies it; ends its sessions here when it became disabled or deleted.</summary>
    public async Task RefreshAsync(string username, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var entry = await store.ReadAsync(username, cancellationToken).ConfigureAwait(false);
            var before = _snapshot;
            _snapshot = before.With(username, entry);
            if (!before.IsRevoked(username) && _snapshot.IsRevoked(username))
            {
                terminator.End(username);
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Reads every account from the store and applies them; ends the sessions of every newly disabled or deleted one.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var set = await store.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            var before = _snapshot;
            _snapshot = AgentAccountSnapshot.From(set);
            foreach (var username in set.Accounts.Keys.Concat(set.Deleted))
            {
                if (!before.IsRevoked(username) && _snapshot.IsRevoked(username))
                {
                    terminator.End(username);
                }
            }
        }
        finally
        {
            _turn.Release();
        }
    }
}
