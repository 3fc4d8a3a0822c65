using CustomerChat.Broker.Identity;

namespace CustomerChat.Broker.Automation;

/// <summary>
/// A chat message on its way through the <see cref="MessagePipeline"/>, before it is stored: who sends it, where, its
/// text (changed by steps as they go) and what steps found out about it (<see cref="Properties"/>). One draft per
/// message; not shared between threads.
/// </summary>
public sealed class MessageDraft
{
    /// <summary>A draft of <paramref name="text"/> from <paramref name="sender"/> in <paramref name="conversationId"/>.</summary>
    /// <param name="sender">The sender, read from its token.</param>
    /// <param name="conversationId">The conversation the message belongs to.</param>
    /// <param name="text">The message text as sent (already validated: 1 to 4,000 code points, not blank).</param>
    public MessageDraft(UserIdentity sender, string conversationId, string text)
    {
        Sender = sender ?? throw new ArgumentNullException(nameof(sender));
        ConversationId = conversationId ?? throw new ArgumentNullException(nameof(conversationId));
        OriginalText = text ?? throw new ArgumentNullException(nameof(text));
        Text = text;
        SenderRole = sender.RoleName;
    }

    /// <summary>The sender.</summary>
    public UserIdentity Sender { get; }

    /// <summary>The sender's role as in a ChatMessage's <c>senderRole</c>: <c>customer</c> or <c>agent</c> (default: the sender's token role).</summary>
    public string SenderRole { get; init; }

    /// <summary>
    /// The sender's <c>clientMessageId</c> (docs/protocol.md §19 "Idempotent sends"), or null. A resend of a message that
    /// went through the pipeline but was never stored (its instance died in between) carries the same one, so the
    /// <c>spam</c> step does not take it for a repeat.
    /// </summary>
    public string? ClientMessageId { get; init; }

    /// <summary>Whether the sender is a customer (the <c>spam</c> step checks only customers).</summary>
    public bool IsFromCustomer => string.Equals(SenderRole, "customer", StringComparison.Ordinal);

    /// <summary>The conversation id.</summary>
    public string ConversationId { get; }

    /// <summary>The text as the sender sent it.</summary>
    public string OriginalText { get; }

    /// <summary>The text as it stands: the original with the changes of the steps run so far. This is what is stored.</summary>
    public string Text { get; internal set; }

    /// <summary>The sender's language (BCP 47 tag such as <c>de</c> or <c>de-AT</c>). Default <c>en</c>.</summary>
    public string SenderLocale { get; init; } = "en";

    /// <summary>
    /// The other party's language: for a customer's message its agent's <c>Locale</c> (while it waits: <c>en</c> or the
    /// team's language), for an agent's message the customer's <c>locale</c>. Default <c>en</c>.
    /// </summary>
    public string RecipientLocale { get; init; } = "en";

    /// <summary>Results of steps for the message handler, by name (e.g. <see cref="MessageTranslation.PropertyKey"/>).</summary>
    public IDictionary<string, object?> Properties { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>The <c>translation</c> step's result, if it produced one.</summary>
    public MessageTranslation? Translation =>
        Properties.TryGetValue(MessageTranslation.PropertyKey, out var value) ? value as MessageTranslation : null;
}
