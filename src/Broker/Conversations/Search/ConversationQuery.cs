namespace CustomerChat.Broker.Conversations;

/// <summary>
/// The filters of <c>GET /api/conversations</c> (docs/protocol.md §14 "Filters and search"), all optional and
/// combined with AND.
/// </summary>
/// <param name="State"><c>waiting</c>, <c>active</c> or <c>closed</c>.</param>
/// <param name="Agent">The username of the agent currently holding the conversation.</param>
/// <param name="Department">The department id the conversation belongs to.</param>
/// <param name="Label">One label the conversation carries.</param>
/// <param name="Words">The words of <c>q</c> (see <see cref="SearchWords"/>): every one must occur as a word in the conversation's messages (notes included); empty = no text search.</param>
public sealed record ConversationQuery(string? State, string? Agent, string? Department, string? Label, IReadOnlyList<string> Words)
{
    /// <summary>Whether a conversation's own fields (not its messages) pass the filters.</summary>
    public bool MatchesFields(Protocol.Chat.ConversationView conversation) =>
        (State is null || conversation.State == State)
        && (Agent is null || conversation.AgentId == Agent)
        && (Department is null || conversation.Department == Department)
        && (Label is null || conversation.Labels.Contains(Label, StringComparer.Ordinal));
}
