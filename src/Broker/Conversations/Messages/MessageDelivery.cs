using CustomerChat.Broker.History;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Stores a ChatMessage in the conversation's history and delivers it (docs/protocol.md §6 "/user/queue/messages"):
/// to the customer's and the assigned agent's <c>/user/queue/messages</c> — a note to the agent only —, a waiting
/// conversation's update to the support topic, then the <see cref="IConversationObserver"/>s. The one path every
/// message takes (a customer's, an agent's, the bot's, an integration's), so visibility is decided here once.
/// The caller holds the conversation's lock.
/// </summary>
public sealed class MessageDelivery(IHistoryStore history, ConversationTransitions transitions, ChatPublisher publish, ConversationObservers observers)
{
    private static readonly ChatJsonContext Json = ChatJsonContext.Default;

    /// <summary>Appends <paramref name="message"/> (its id is assigned by the history) and delivers it; returns it as stored.</summary>
    /// <exception cref="Stomp.BackplaneUnavailableException">The history or the backplane is unavailable; nothing was delivered if the append failed.</exception>
    public async Task<(ChatMessageView Stored, ConversationView Conversation)> StoreAndDeliverAsync(ConversationView conversation, ChatMessageView message)
    {
        var stored = await history.AppendAsync(message).ConfigureAwait(false);
        var touched = message.Private
            ? conversation
            : (await transitions.ApplyAsync(conversation.Id, new ConversationCommand.Touch(stored)).ConfigureAwait(false)).Conversation ?? conversation;

        if (MessageVisibility.Customer.CanSee(stored))
        {
            await publish.ToUserMessagesAsync(touched.CustomerId, stored).ConfigureAwait(false);
        }

        if (touched.AgentId is { } agentId && touched.State == ConversationStates.Active)
        {
            await publish.ToUserMessagesAsync(agentId, stored).ConfigureAwait(false);
        }

        if (touched.State == ConversationStates.Waiting && !stored.Private)
        {
            await publish.ToSupportAsync(new ConversationEvent("conversation.updated", touched), Json.ConversationEvent).ConfigureAwait(false);
        }

        await observers.MessageStoredAsync(stored, touched).ConfigureAwait(false);
        return (stored, touched);
    }
}
