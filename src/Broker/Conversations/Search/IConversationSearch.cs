using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Finds conversations for <c>GET /api/conversations</c> (docs/protocol.md §14 "Filters and search"). The
/// default (<see cref="ScanConversationSearch"/>) scans every conversation; the workspace replaces it on Redis with
/// one that narrows by indexes (labels, departments, agents, words) before reading any conversation.
/// </summary>
public interface IConversationSearch
{
    /// <summary>The conversations that pass every filter of <paramref name="query"/>, oldest first.</summary>
    /// <exception cref="Stomp.BackplaneUnavailableException">The store is unavailable.</exception>
    Task<IReadOnlyList<ConversationView>> SearchAsync(ConversationQuery query, CancellationToken ct);
}
