namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>Everything the store holds, read in one atomic step: the accounts by username and the deleted usernames.</summary>
/// <param name="Accounts">The stored accounts by username.</param>
/// <param name="Deleted">Usernames of deleted accounts (tombstones) that were not created again.</param>
public sealed record AgentAccountSet(IReadOnlyDictionary<string, AgentAccount> Accounts, IReadOnlySet<string> Deleted);
