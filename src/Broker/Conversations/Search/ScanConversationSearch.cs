using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// The default <see cref="IConversationSearch"/>: reads every conversation and filters its fields, then, for a
/// text search, reads each remaining conversation's history as an agent sees it (notes included) and keeps those
/// containing every word. Fine in memory; on Redis the workspace registers an indexed search instead.
/// </summary>
public sealed class ScanConversationSearch(IConversationStore store, ConversationHistory history) : IConversationSearch
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<ConversationView>> SearchAsync(ConversationQuery query, CancellationToken ct)
    {
        var includeClosed = query.State is not (ConversationStates.Waiting or ConversationStates.Active);
        var found = new List<ConversationView>();
        foreach (var conversation in await store.ListAsync(includeClosed).ConfigureAwait(false))
        {
            if (query.MatchesFields(conversation) && (query.Words.Count == 0 || await ContainsAllAsync(conversation.Id, query.Words).ConfigureAwait(false)))
            {
                found.Add(conversation);
            }
        }

        return found;
    }

    private async Task<bool> ContainsAllAsync(string conversationId, IReadOnlyList<string> words)
    {
        var missing = new HashSet<string>(words, StringComparer.Ordinal);
        foreach (var message in await history.ReadAllAsync(conversationId, null, MessageVisibility.Agent).ConfigureAwait(false))
        {
            missing.ExceptWith(SearchWords.Of(message.Message));
            if (missing.Count == 0)
            {
                return true;
            }
        }

        return false;
    }
}
