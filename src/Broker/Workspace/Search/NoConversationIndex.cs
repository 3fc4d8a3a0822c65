namespace CustomerChat.Broker.Workspace.Search;

/// <summary>The in-memory mode's <see cref="IConversationIndexEraser"/>: there is no index to forget (searches scan).</summary>
public sealed class NoConversationIndex : IConversationIndexEraser
{
    /// <inheritdoc />
    public Task ForgetAsync(string conversationId, CancellationToken ct) => Task.CompletedTask;
}
