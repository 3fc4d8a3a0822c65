using System.Collections.Concurrent;

namespace CustomerChat.Broker.Workspace.CannedResponses;

/// <summary>
/// The stand-in <see cref="ICustomerLastMessage"/> until the chat provides its own: a table that someone fills
/// with <see cref="Set"/>. Nothing fills it in production, so every conversation is unknown (404) until the chat's
/// implementation replaces it.
/// </summary>
public sealed class InMemoryCustomerLastMessage : ICustomerLastMessage
{
    private readonly ConcurrentDictionary<string, string> _last = new(StringComparer.Ordinal);

    /// <summary>Records the customer's last message of a conversation (an empty string: none yet).</summary>
    public void Set(string conversationId, string text) => _last[conversationId] = text;

    /// <inheritdoc />
    public Task<string?> GetAsync(string conversationId, CancellationToken ct) =>
        Task.FromResult(_last.TryGetValue(conversationId, out var text) ? text : null);
}
