namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>Tells the other instances that a username's stored account changed, so they refresh their cache (and end its sessions there).</summary>
public interface IAgentAccountChangeFeed
{
    /// <summary>Announces the change; best effort (the periodic refresh catches up on a lost announcement).</summary>
    Task AnnounceAsync(string username, CancellationToken cancellationToken);
}
