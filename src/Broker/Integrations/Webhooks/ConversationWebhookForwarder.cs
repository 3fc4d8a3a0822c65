using CustomerChat.Broker.Conversations;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>
/// Turns what happens in the chat into webhook events (docs/protocol.md §16 "Events"):
/// created → <c>conversation.created</c>; assigned (a claim, an auto-assignment) and transferred →
/// <c>conversation.assigned</c>; closed → <c>conversation.closed</c>; rated → <c>conversation.rated</c>; every stored
/// ChatMessage except notes (<c>"private": true</c>) → <c>message.created</c>. A re-queue is no event. <c>data</c> is the
/// Conversation or ChatMessage serialized exactly as the HTTP API shows it (<see cref="ChatJsonContext"/>). Only enqueues
/// (<see cref="IWebhookPublisher"/>), so the chat never waits on a receiver.
/// </summary>
public sealed class ConversationWebhookForwarder(IWebhookPublisher webhooks) : IConversationObserver
{
    private static readonly ChatJsonContext Json = ChatJsonContext.Default;

    /// <summary>The webhook event type of a change, or null for none.</summary>
    public static string? EventOf(string changeKind) => changeKind switch
    {
        ConversationChangeKinds.Created => WebhookEvents.ConversationCreated,
        ConversationChangeKinds.Assigned or ConversationChangeKinds.Transferred => WebhookEvents.ConversationAssigned,
        ConversationChangeKinds.Closed => WebhookEvents.ConversationClosed,
        ConversationChangeKinds.Rated => WebhookEvents.ConversationRated,
        _ => null,
    };

    /// <inheritdoc />
    public async Task OnConversationChangedAsync(ConversationChange change)
    {
        if (EventOf(change.Kind) is { } type)
        {
            await webhooks.PublishAsync(type, change.Conversation, Json.ConversationView).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task OnMessageStoredAsync(ChatMessageView message, ConversationView conversation)
    {
        if (!message.Private)
        {
            await webhooks.PublishAsync(WebhookEvents.MessageCreated, message, Json.ChatMessageView).ConfigureAwait(false);
        }
    }
}
