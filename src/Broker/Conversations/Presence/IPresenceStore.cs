namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Who is online on any instance (docs/protocol.md §10 presence). In memory a set; on Redis a key per user and
/// instance with an expiry that the instance refreshes, so a dead instance's users go offline by themselves.
/// </summary>
public interface IPresenceStore
{
    /// <summary>Marks the user online on this instance; true when it was offline everywhere before.</summary>
    Task<bool> MarkOnlineAsync(string userId);

    /// <summary>Marks the user offline on this instance; true when it is now offline everywhere.</summary>
    Task<bool> MarkOfflineAsync(string userId);

    /// <summary>Whether the user is online on any instance.</summary>
    Task<bool> IsOnlineAsync(string userId);
}
