using System.Collections.Frozen;
using CustomerChat.Broker.Options;

namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>
/// One immutable view of the stored accounts, swapped whole by <see cref="AgentAccountCache"/>: the accounts, the
/// tombstones, and the enabled accounts in the shape <see cref="AgentAccountOptions"/> that the directory uses.
/// </summary>
internal sealed class AgentAccountSnapshot
{
    private AgentAccountSnapshot(IReadOnlyDictionary<string, AgentAccount> accounts, IReadOnlySet<string> deleted)
    {
        Accounts = accounts.ToFrozenDictionary(StringComparer.Ordinal);
        Deleted = deleted.ToFrozenSet(StringComparer.Ordinal);
        Enabled = Accounts.Values.Where(a => !a.Disabled)
            .ToFrozenDictionary(a => a.Username, ToOptions, StringComparer.Ordinal);
    }

    /// <summary>No stored account.</summary>
    public static AgentAccountSnapshot Empty { get; } = new(new Dictionary<string, AgentAccount>(), new HashSet<string>());

    /// <summary>Every stored account, enabled or not.</summary>
    public FrozenDictionary<string, AgentAccount> Accounts { get; }

    /// <summary>Usernames of deleted accounts.</summary>
    public FrozenSet<string> Deleted { get; }

    /// <summary>The enabled accounts as directory entries.</summary>
    public FrozenDictionary<string, AgentAccountOptions> Enabled { get; }

    /// <summary>A snapshot of everything the store holds.</summary>
    public static AgentAccountSnapshot From(AgentAccountSet set) => new(set.Accounts, set.Deleted);

    /// <summary>This snapshot with one username replaced by what the store holds for it.</summary>
    public AgentAccountSnapshot With(string username, AgentAccountEntry entry)
    {
        var accounts = new Dictionary<string, AgentAccount>(Accounts, StringComparer.Ordinal);
        var deleted = new HashSet<string>(Deleted, StringComparer.Ordinal);
        accounts.Remove(username);
        deleted.Remove(username);
        if (entry.Account is { } account)
        {
            accounts[username] = account;
        }

        if (entry.Deleted)
        {
            deleted.Add(username);
        }

        return new AgentAccountSnapshot(accounts, deleted);
    }

    /// <summary>Whether the username's stored account is disabled or deleted (and not created again).</summary>
    public bool IsRevoked(string username) =>
        Accounts.TryGetValue(username, out var account) ? account.Disabled : Deleted.Contains(username);

    /// <summary>The directory entry of a stored account.</summary>
    public static AgentAccountOptions ToOptions(AgentAccount account) => new()
    {
        Username = account.Username,
        DisplayName = account.DisplayName,
        PasswordHash = account.PasswordHash,
        Admin = account.Admin,
        Locale = account.Locale,
        Capacity = account.Capacity,
        Departments = [.. account.Departments],
    };
}
