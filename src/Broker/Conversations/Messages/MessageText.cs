using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// The text rule of a ChatMessage or a note (docs/protocol.md §5–6): present, not only white space, at most
/// <see cref="ConversationService.MaxMessageCodePoints"/> Unicode code points. The same rule as <c>/chat/message</c>,
/// for the messages that do not come through it (integrations' messages, notes).
/// </summary>
public static class MessageText
{
    /// <summary>The <c>invalid</c> refusal for <paramref name="text"/> on <paramref name="destination"/>, or null when it is acceptable.</summary>
    public static Refusal? Check(string destination, string? text)
    {
        if (text is null)
        {
            return Refusal.Invalid(destination, "'message' is required.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return Refusal.Invalid(destination, "'message' must not be blank.");
        }

        var length = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            length++;
        }

        return length > ConversationService.MaxMessageCodePoints
            ? Refusal.Invalid(destination, $"'message' is {length} characters; the limit is {ConversationService.MaxMessageCodePoints}.")
            : null;
    }
}
