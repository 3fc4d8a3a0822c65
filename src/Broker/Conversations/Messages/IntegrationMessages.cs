using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Messages and notes an integration (an API key, docs/protocol.md §16 "HTTP doors") writes into a
/// conversation: a ChatMessage with <c>"userFrom": "apikey:&lt;Name&gt;"</c>, <c>"senderRole": "bot"</c> and
/// <c>"senderName"</c> = the key's <c>Name</c>, stored and delivered through <see cref="MessageDelivery"/> like every
/// other message (so it reaches the parties live, the webhooks and the history). The text rule is
/// <see cref="MessageText"/>; the message pipeline (spam, profanity, translation) is for people and does not run.
/// Refusals: <c>invalid</c> (text), <c>not_found</c> (no such conversation), <c>conflict</c> (a message to a closed
/// conversation; a note may be added to any).
/// </summary>
public sealed class IntegrationMessages(IConversationStore store, StripedLock locks, MessageDelivery delivery, TimeProvider time)
{
    /// <summary>The <c>senderRole</c> of an integration's messages.</summary>
    public const string SenderRole = "bot";

    /// <summary>The <c>userFrom</c> of an integration's messages: <c>apikey:&lt;Name&gt;</c>.</summary>
    public static string UserIdOf(string integrationName) => "apikey:" + integrationName;

    /// <summary>Posts a message to the conversation's customer (and its agent while active).</summary>
    public Task<MessagePosted> PostMessageAsync(string integrationName, string conversationId, string? text, string? clientMessageId) =>
        PostAsync(integrationName, conversationId, text, clientMessageId, isPrivate: false);

    /// <summary>Adds a private note (<c>"private": true</c>, agents only).</summary>
    public Task<MessagePosted> PostNoteAsync(string integrationName, string conversationId, string? text, string? clientMessageId) =>
        PostAsync(integrationName, conversationId, text, clientMessageId, isPrivate: true);

    private async Task<MessagePosted> PostAsync(string integrationName, string conversationId, string? text, string? clientMessageId, bool isPrivate)
    {
        var destination = isPrivate ? Destinations.ChatNote : Destinations.ChatMessage;
        if (MessageText.Check(destination, text) is { } invalid)
        {
            return MessagePosted.Refused(invalid);
        }

        using (await locks.AcquireAsync(conversationId).ConfigureAwait(false))
        {
            if (await store.GetAsync(conversationId).ConfigureAwait(false) is not { } conversation)
            {
                return MessagePosted.Refused(Refusal.NotFound(destination, "No such conversation."));
            }

            if (!isPrivate && conversation.State == ConversationStates.Closed)
            {
                return MessagePosted.Refused(Refusal.Conflict(destination, "The conversation is closed."));
            }

            var message = new ChatMessageView("", conversation.Id, UserIdOf(integrationName), isPrivate ? null : conversation.CustomerId,
                SenderRole, integrationName, text!, time.GetUtcNow())
            {
                Private = isPrivate,
                ClientMessageId = clientMessageId,
            };
            var (stored, _) = await delivery.StoreAndDeliverAsync(conversation, message).ConfigureAwait(false);
            return new MessagePosted(stored, null);
        }
    }
}
