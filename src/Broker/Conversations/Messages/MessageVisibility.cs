using CustomerChat.Broker.Identity;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Who may see which ChatMessage (docs/protocol.md §14 "Private notes"): the one decision every path that
/// hands out messages takes — live delivery (<see cref="MessageDelivery"/>), the <c>x-since</c> replay, the HTTP
/// history, transcripts and exports all read through <see cref="ConversationHistory"/>, whose reads require a
/// <see cref="MessageVisibility"/>. Agents see every message; customers never see a private note.
/// </summary>
public sealed class MessageVisibility
{
    private MessageVisibility(bool seesNotes) => SeesNotes = seesNotes;

    /// <summary>What an agent (or an administrator) sees: everything, notes included.</summary>
    public static MessageVisibility Agent { get; } = new(seesNotes: true);

    /// <summary>What a customer sees: every message except private notes.</summary>
    public static MessageVisibility Customer { get; } = new(seesNotes: false);

    /// <summary>Whether private notes are visible.</summary>
    public bool SeesNotes { get; }

    /// <summary>The visibility of <paramref name="viewer"/>: <see cref="Agent"/> for agents, else <see cref="Customer"/>.</summary>
    public static MessageVisibility For(UserIdentity viewer) => viewer.IsAgent ? Agent : Customer;

    /// <summary>Whether <paramref name="message"/> may be shown.</summary>
    public bool CanSee(ChatMessageView message) => SeesNotes || !message.Private;
}
