using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>What posting a message or a note gave: the message as stored, or the refusal (exactly one is set).</summary>
/// <param name="Message">The stored ChatMessage (its <c>id</c> assigned by the history).</param>
/// <param name="Refusal">Why nothing was stored.</param>
public sealed record MessagePosted(ChatMessageView? Message, Refusal? Refusal)
{
    /// <summary>A refusal.</summary>
    public static MessagePosted Refused(Refusal refusal) => new(null, refusal);
}
