using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Identity;

namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>
/// The rules of the accounts API (docs/protocol.md §15): configured accounts are listed but read-only; stored ones
/// are created, changed (a PUT keeps absent fields) and deleted. After a change this instance's cache is refreshed and
/// the other instances are told; when an account becomes disabled or is deleted its sessions end with ERROR
/// <c>account disabled</c> everywhere and its conversations are re-queued through <see cref="IConversationRequeue"/>.
/// An administrator cannot disable, delete or demote its own account (so the last one cannot lock everyone out).
/// </summary>
public sealed class AgentAccountService(
    IAgentAccountStore store,
    AgentAccountCache cache,
    IAgentAccountChangeFeed feed,
    IConversationRequeue requeue,
    AgentDirectory directory,
    TimeProvider time,
    ILogger<AgentAccountService> logger)
{
    private const int MaxAttempts = 5;

    /// <summary>Every account: configured and stored (disabled ones included), ordered by username.</summary>
    public async Task<IReadOnlyList<AgentAccountView>> ListAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var configured = directory.Configured.Select(ConfiguredView).ToList();
        var names = configured.Select(v => v.Username).ToHashSet(StringComparer.Ordinal);
        return [.. configured.Concat(stored.Accounts.Values.Where(a => !names.Contains(a.Username)).Select(StoredView))
            .OrderBy(v => v.Username, StringComparer.Ordinal)];
    }

    /// <summary>One account, or null.</summary>
    public async Task<AgentAccountView?> GetAsync(string username, CancellationToken cancellationToken)
    {
        if (directory.IsConfigured(username))
        {
            return ConfiguredView(directory.Configured.First(a => a.Username == username));
        }

        var entry = await store.ReadAsync(username, cancellationToken).ConfigureAwait(false);
        return entry.Account is { } account ? StoredView(account) : null;
    }

    /// <summary>Creates a stored account from a validated patch (username and password present).</summary>
    public async Task<(AgentChangeOutcome Outcome, AgentAccountView? View)> CreateAsync(AgentAccountPatch patch, string admin, CancellationToken cancellationToken)
    {
        var username = patch.Username!;
        if (directory.IsConfigured(username))
        {
            return (AgentChangeOutcome.Taken, null);
        }

        var now = time.GetUtcNow();
        var account = new AgentAccount(
            username,
            patch.DisplayName ?? username,
            AgentDirectory.HashPassword(patch.Password!),
            patch.Capacity,
            patch.Departments ?? [],
            patch.Locale,
            patch.Admin ?? false,
            patch.Disabled ?? false,
            now,
            now,
            1);
        if (await store.CreateAsync(account, cancellationToken).ConfigureAwait(false) != AgentWriteOutcome.Done)
        {
            return (AgentChangeOutcome.Taken, null);
        }

        AgentAccountLog.Changed(logger, username, "created", admin);
        await PropagateAsync(username, cancellationToken).ConfigureAwait(false);
        return (AgentChangeOutcome.Done, StoredView(account));
    }

    /// <summary>Applies a validated patch to a stored account (absent fields keep their values).</summary>
    public async Task<(AgentChangeOutcome Outcome, AgentAccountView? View)> UpdateAsync(string username, AgentAccountPatch patch, string admin, CancellationToken cancellationToken)
    {
        if (directory.IsConfigured(username))
        {
            return (AgentChangeOutcome.Configured, null);
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = (await store.ReadAsync(username, cancellationToken).ConfigureAwait(false)).Account;
            if (current is null)
            {
                return (AgentChangeOutcome.NotFound, null);
            }

            var next = Apply(current, patch);
            if (username == admin && (next.Disabled || !next.Admin))
            {
                return (AgentChangeOutcome.OwnAccount, null);
            }

            var outcome = await store.ReplaceAsync(next, current.Version, cancellationToken).ConfigureAwait(false);
            if (outcome == AgentWriteOutcome.NotFound)
            {
                return (AgentChangeOutcome.NotFound, null);
            }

            if (outcome == AgentWriteOutcome.Done)
            {
                var disabledNow = next.Disabled && !current.Disabled;
                AgentAccountLog.Changed(logger, username, disabledNow ? "disabled" : "updated", admin);
                await PropagateAsync(username, cancellationToken).ConfigureAwait(false);
                if (disabledNow)
                {
                    await RequeueAsync(username).ConfigureAwait(false);
                }

                return (AgentChangeOutcome.Done, StoredView(next));
            }
        }

        return (AgentChangeOutcome.Busy, null);
    }

    /// <summary>Deletes a stored account.</summary>
    public async Task<AgentChangeOutcome> DeleteAsync(string username, string admin, CancellationToken cancellationToken)
    {
        if (directory.IsConfigured(username))
        {
            return AgentChangeOutcome.Configured;
        }

        if (username == admin)
        {
            return AgentChangeOutcome.OwnAccount;
        }

        if (await store.DeleteAsync(username, cancellationToken).ConfigureAwait(false) != AgentWriteOutcome.Done)
        {
            return AgentChangeOutcome.NotFound;
        }

        AgentAccountLog.Changed(logger, username, "deleted", admin);
        await PropagateAsync(username, cancellationToken).ConfigureAwait(false);
        await RequeueAsync(username).ConfigureAwait(false);
        return AgentChangeOutcome.Done;
    }

    private AgentAccount Apply(AgentAccount current, AgentAccountPatch patch) => current with
    {
        DisplayName = patch.DisplayName ?? current.DisplayName,
        PasswordHash = patch.Password is null ? current.PasswordHash : AgentDirectory.HashPassword(patch.Password),
        Capacity = patch.HasCapacity ? patch.Capacity : current.Capacity,
        Departments = patch.Departments ?? current.Departments,
        Locale = patch.HasLocale ? patch.Locale : current.Locale,
        Admin = patch.Admin ?? current.Admin,
        Disabled = patch.Disabled ?? current.Disabled,
        UpdatedAt = time.GetUtcNow(),
        Version = current.Version + 1,
    };

    // This instance first (ends local sessions of a disabled account), then every other one.
    private async Task PropagateAsync(string username, CancellationToken cancellationToken)
    {
        await cache.RefreshAsync(username, CancellationToken.None).ConfigureAwait(false);
        await feed.AnnounceAsync(username, cancellationToken).ConfigureAwait(false);
    }

    private async Task RequeueAsync(string username)
    {
        try
        {
            await requeue.RequeueAgentAsync(username).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            AgentAccountLog.RequeueFailed(logger, username, ex);
        }
    }

    private static AgentAccountView StoredView(AgentAccount a) =>
        new(a.Username, a.DisplayName, a.Capacity, a.Departments, a.Locale, a.Admin, a.Disabled, "store", a.CreatedAt, a.UpdatedAt);

    private static AgentAccountView ConfiguredView(Options.AgentAccountOptions a) =>
        new(a.Username, string.IsNullOrWhiteSpace(a.DisplayName) ? a.Username : a.DisplayName, a.Capacity, a.Departments, a.Locale, a.Admin, false, "configured", null, null);
}
