using CustomerChat.Broker.Options;

namespace CustomerChat.Broker.Identity;

/// <summary>
/// The agent accounts kept in the store beside the configured ones (docs/protocol.md §15), as
/// <see cref="AgentDirectory"/> and <see cref="TokenService"/> see them. Implemented by the agent-accounts
/// capability (a cache of the store that every instance keeps current); absent, only configured accounts exist.
/// </summary>
public interface IAgentAccountSource
{
    /// <summary>Every enabled stored account now (a snapshot; disabled and deleted ones are left out).</summary>
    IReadOnlyCollection<AgentAccountOptions> All { get; }

    /// <summary>The enabled stored account with this username, or null (unknown, disabled or deleted).</summary>
    AgentAccountOptions? Find(string username);

    /// <summary>
    /// Whether the stored account with this username was disabled or deleted: tokens issued to it are no longer
    /// accepted (docs/protocol.md §15 "Disabling and deleting").
    /// </summary>
    bool IsRevoked(string username);

    /// <summary>
    /// The enabled stored account read from the store itself (not the cache), for a login; null when unknown,
    /// disabled or deleted. Throws the store's unavailable exception when the store cannot be reached.
    /// </summary>
    Task<AgentAccountOptions?> LoadAsync(string username, CancellationToken cancellationToken);
}
