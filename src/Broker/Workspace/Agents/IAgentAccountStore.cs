namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>
/// Where agent accounts managed through <c>/api/agents</c> live (docs/protocol.md §15 "Storage"): in memory, or in
/// Redis shared by every instance. Every write is atomic; a deletion leaves a tombstone (so tokens of the deleted
/// account stay refused) that a later create of the same username removes. A Redis fault surfaces as the
/// connection's unavailable exception (HTTP 503).
/// </summary>
public interface IAgentAccountStore
{
    /// <summary>Every account and tombstone, read in one atomic step.</summary>
    Task<AgentAccountSet> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>The account and tombstone of one username.</summary>
    Task<AgentAccountEntry> ReadAsync(string username, CancellationToken cancellationToken);

    /// <summary>Adds an account (and clears a tombstone of its name); <see cref="AgentWriteOutcome.Conflict"/> when the username is taken.</summary>
    Task<AgentWriteOutcome> CreateAsync(AgentAccount account, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the account if its stored version is still <paramref name="expectedVersion"/>
    /// (<see cref="AgentWriteOutcome.Conflict"/> otherwise, <see cref="AgentWriteOutcome.NotFound"/> when there is none).
    /// </summary>
    Task<AgentWriteOutcome> ReplaceAsync(AgentAccount account, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Deletes the account and leaves a tombstone; <see cref="AgentWriteOutcome.NotFound"/> when there is none.</summary>
    Task<AgentWriteOutcome> DeleteAsync(string username, CancellationToken cancellationToken);
}
