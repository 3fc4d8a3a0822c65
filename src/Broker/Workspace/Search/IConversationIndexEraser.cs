namespace CustomerChat.Broker.Workspace.Search;

/// <summary>
/// Forgets a conversation in the search indexes when its customer is erased (docs/protocol.md §14 "Data
/// protection"). In memory there is no index (<see cref="NoConversationIndex"/>); on Redis
/// <see cref="RedisConversationIndex"/> removes every index entry of the conversation.
/// </summary>
public interface IConversationIndexEraser
{
    /// <summary>Removes every index entry of <paramref name="conversationId"/>; no-op when it has none.</summary>
    Task ForgetAsync(string conversationId, CancellationToken ct);
}
