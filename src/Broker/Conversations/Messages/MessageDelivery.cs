using CustomerChat.Broker.History;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Stores a ChatMessage in the conversation's history and delivers it (docs/protocol.md §6 "/user/queue/messages"):
/// to the customer's and the assigned agent's <c>/user/queue/messages</c> — a note to the agent only —, a waiting
/// conversation's update to the support topic, then the <see cref="IConversationObserver"/>s. The one path every
/// message takes (a customer's, an agent's, the bot's, an integration's), so visibility is decided here once.
/// The append and the publish to the parties are one step per conversation (<see cref="IHistoryStore.AppendAndPublishAsync"/>),
/// so every party on every instance sees the conversation's messages in id order (docs/SCALING.md "Order").
/// A message whose client message id its sender used already (docs/protocol.md §19 "Idempotent sends") is
/// neither stored nor delivered again: the first one is returned. The caller holds the conversation's lock.
/// </summary>
public sealed class MessageDelivery(IHistoryStore history, ConversationTransitions transitions, ChatPublisher publish, ConversationObservers observers)
{
    private static readonly ChatJsonContext Json = ChatJsonContext.Default;

    /// <summary>Appends <paramref name="message"/> (its id is assigned by the history) and delivers it; returns it as stored.</summary>
    /// <exception cref="Stomp.BackplaneUnavailableException">The history or the backplane is unavailable; nothing was delivered if the append failed.</exception>
    public async Task<(ChatMessageView Stored, ConversationView Conversation)> StoreAndDeliverAsync(ConversationView conversation, ChatMessageView message)
    {
        // The parties are those of the conversation as read under its lock (a touch changes neither its agent nor its state).
        var recipients = new List<string>(2);
        if (MessageVisibility.Customer.CanSee(message))
        {
            recipients.Add(Destinations.UserMessagesKey(conversation.CustomerId));
        }

        if (conversation.AgentId is { } agentId && conversation.State == ConversationStates.Active && agentId != conversation.CustomerId)
        {
            recipients.Add(Destinations.UserMessagesKey(agentId));
        }

        var (stored, duplicate) = await history.AppendAndPublishAsync(message, recipients, ChatPublisher.Message).ConfigureAwait(false);
        if (duplicate)
        {
            return (stored, await CatchUpAsync(conversation, stored).ConfigureAwait(false));
        }

        var touched = message.Private
            ? conversation
            : (await transitions.ApplyAsync(conversation.Id, new ConversationCommand.Touch(stored)).ConfigureAwait(false)).Conversation ?? conversation;

        if (touched.State == ConversationStates.Waiting && !stored.Private)
        {
            await publish.ToSupportAsync(new ConversationEvent("conversation.updated", touched), Json.ConversationEvent).ConfigureAwait(false);
        }

        await observers.MessageStoredAsync(stored, touched).ConfigureAwait(false);
        return (stored, touched);
    }

    /// <summary>
    /// For a resend of <paramref name="stored"/> (found in the history by its <c>clientMessageId</c>): records it as the
    /// conversation's last message if that step was lost (an instance that stored it died before the touch). The
    /// touch keeps the newest message, so when it was recorded this changes nothing. Deliveries, the support topic's
    /// update and the observers (webhooks, bot) are not repeated: a resend must not be delivered twice.
    /// Returns the conversation as it is after the touch. Call under the conversation's lock.
    /// </summary>
    public async Task<ConversationView> CatchUpAsync(ConversationView conversation, ChatMessageView stored) =>
        stored.Private
            ? conversation
            : (await transitions.ApplyAsync(conversation.Id, new ConversationCommand.Touch(stored)).ConfigureAwait(false)).Conversation ?? conversation;
}
