using CustomerChat.Broker.Conversations;

namespace CustomerChat.Broker.Workspace.CannedResponses;

/// <summary>
/// <see cref="ICustomerLastMessage"/> from the chat: the conversation from the store, its history read as a customer
/// sees it (so never a note), and the newest message whose <c>senderRole</c> is <c>customer</c>.
/// </summary>
public sealed class HistoryCustomerLastMessage(IConversationStore store, ConversationHistory history) : ICustomerLastMessage
{
    /// <inheritdoc />
    public async Task<string?> GetAsync(string conversationId, CancellationToken ct)
    {
        if (await store.GetAsync(conversationId).ConfigureAwait(false) is null)
        {
            return null;
        }

        var messages = await history.ReadAllAsync(conversationId, null, MessageVisibility.Customer).ConfigureAwait(false);
        return messages.LastOrDefault(m => m.SenderRole == "customer")?.Message ?? "";
    }
}
