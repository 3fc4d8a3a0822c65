using CustomerChat.Broker.History;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Private notes (docs/protocol.md §14, notes): SEND <c>/chat/note</c> <c>{"conversationId", "message",
/// "clientMessageId"?}</c> and <c>POST /api/conversations/{id}/notes</c>. Any agent writes a note on any conversation,
/// waiting, active or closed. A note is a ChatMessage with <c>"private": true</c> and <c>userTo</c> null, stored in the
/// conversation's history through <see cref="MessageDelivery"/> (so the assigned agent's sessions get it live and the
/// customer never does), then announced on the support topic as <c>{"type":"note.created","note"}</c>.
/// Refusals: <c>forbidden</c> (customers), <c>invalid</c> (missing, blank or too long, a malformed
/// <c>clientMessageId</c>), <c>not_found</c> (no such conversation). A resend with the same <c>clientMessageId</c>
/// stores nothing and hands back the first note.
/// </summary>
public sealed class ConversationNotes(IConversationStore store, StripedLock locks, MessageDelivery delivery, ChatPublisher publish, TimeProvider time)
{
    /// <summary>Stores and delivers a note; the caller's RECEIPT follows only once it is stored.</summary>
    public Task<Refusal?> PostAsync(UserIdentity agent, NoteRequest request) => PostAsync(agent, request, onStored: null);

    /// <summary>As <see cref="PostAsync(UserIdentity, NoteRequest)"/>; <paramref name="onStored"/> gets the note as stored.</summary>
    public async Task<Refusal?> PostAsync(UserIdentity agent, NoteRequest request, Action<ChatMessageView>? onStored)
    {
        const string destination = Destinations.ChatNote;
        if (!agent.IsAgent)
        {
            return Refusal.Forbidden(destination, "Only agents may write notes.");
        }

        if (string.IsNullOrEmpty(request.ConversationId))
        {
            return Refusal.Invalid(destination, "'conversationId' is required.");
        }

        if (MessageText.Check(destination, request.Message) is { } invalid)
        {
            return invalid;
        }

        if (request.ClientMessageId is { } clientMessageId && !ClientMessageIds.IsValid(clientMessageId))
        {
            return Refusal.Invalid(destination, ClientMessageIds.InvalidText);
        }

        using (await locks.AcquireAsync(request.ConversationId).ConfigureAwait(false))
        {
            if (await store.GetAsync(request.ConversationId).ConfigureAwait(false) is not { } conversation)
            {
                return Refusal.NotFound(destination, "No such conversation.");
            }

            var note = new ChatMessageView("", conversation.Id, agent.UserId, null, agent.RoleName, agent.Name, request.Message!, time.GetUtcNow())
            {
                Private = true,
                ClientMessageId = request.ClientMessageId,
            };
            var (stored, _) = await delivery.StoreAndDeliverAsync(conversation, note).ConfigureAwait(false);
            onStored?.Invoke(stored);
            await publish.ToSupportAsync(new NoteCreatedEvent(stored), ChatJsonContext.Default.NoteCreatedEvent).ConfigureAwait(false);
        }

        return null;
    }
}
