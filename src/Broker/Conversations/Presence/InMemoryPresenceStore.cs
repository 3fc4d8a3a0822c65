using System.Collections.Concurrent;

namespace CustomerChat.Broker.Conversations;

/// <summary>Presence for a single instance: the set of online users.</summary>
public sealed class InMemoryPresenceStore : IPresenceStore
{
    private readonly ConcurrentDictionary<string, byte> _online = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<bool> MarkOnlineAsync(string userId) => Task.FromResult(_online.TryAdd(userId, 0));

    /// <inheritdoc />
    public Task<bool> MarkOfflineAsync(string userId) => Task.FromResult(_online.TryRemove(userId, out _));

    /// <inheritdoc />
    public Task<bool> IsOnlineAsync(string userId) => Task.FromResult(_online.ContainsKey(userId));
}
