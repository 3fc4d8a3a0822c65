using CustomerChat.Broker.Conversations;

namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>
/// The chat's <see cref="ITicketConversationLookup"/>: the customer of a conversation from the conversation store
/// (memory or Redis), in any state it is still kept in.
/// </summary>
public sealed class ConversationTicketLookup(IConversationStore conversations) : ITicketConversationLookup
{
    /// <inheritdoc />
    public async Task<string?> GetCustomerIdAsync(string conversationId, CancellationToken ct) =>
        (await conversations.GetAsync(conversationId).ConfigureAwait(false))?.CustomerId;
}
