namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>What the store holds for one username: the account (or null) and whether it was deleted (a tombstone).</summary>
/// <param name="Account">The stored account, or null when there is none.</param>
/// <param name="Deleted">Whether an account of this name was deleted and not created again since.</param>
public sealed record AgentAccountEntry(AgentAccount? Account, bool Deleted);
