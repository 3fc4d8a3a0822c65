namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>The in-memory mode's feed: there is no other instance to tell.</summary>
public sealed class SingleInstanceChangeFeed : IAgentAccountChangeFeed
{
    /// <inheritdoc />
    public Task AnnounceAsync(string username, CancellationToken cancellationToken) => Task.CompletedTask;
}
