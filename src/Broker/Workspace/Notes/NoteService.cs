using System.Text.RegularExpressions;
using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Workspace.Notes;

/// <summary>
/// SEND <c>/chat/note</c> <c>{"conversationId", "message", "clientMessageId"?}</c> (docs/protocol/workspace.md
/// "Private notes"): any agent writes a note on any conversation, waiting, active or closed. The note is a
/// ChatMessage with <c>"private": true</c>, <c>userTo</c> null, stored in the conversation's history through
/// <see cref="MessageDelivery"/> (so the assigned agent's sessions get it live and the customer never does), then
/// announced on the support topic as <c>note.created</c>. Refusals: <c>invalid</c> (missing or blank fields, more
/// than 4000 code points, a malformed <c>clientMessageId</c>), <c>not_found</c> (no such conversation),
/// <c>forbidden</c> for customers (by the access policy, before this runs).
/// </summary>
public sealed partial class NoteService(IConversationStore store, StripedLock locks, MessageDelivery delivery, ChatPublisher publish, TimeProvider time)
{
    /// <summary>Stores and delivers a note; the caller's RECEIPT follows only once it is stored.</summary>
    public async Task<Refusal?> PostAsync(UserIdentity agent, NoteRequest request)
    {
        const string destination = Conversations.Destinations.ChatNote;
        if (!agent.IsAgent)
        {
            return Refusal.Forbidden(destination, "Only agents may write notes.");
        }

        if (string.IsNullOrEmpty(request.ConversationId))
        {
            return Refusal.Invalid(destination, "'conversationId' is required.");
        }

        if (string.IsNullOrWhiteSpace(request.Message))
        {
            return Refusal.Invalid(destination, request.Message is null ? "'message' is required." : "'message' must not be blank.");
        }

        var length = request.Message.EnumerateRunes().Count();
        if (length > ConversationService.MaxMessageCodePoints)
        {
            return Refusal.Invalid(destination, $"'message' is {length} characters; the limit is {ConversationService.MaxMessageCodePoints}.");
        }

        if (request.ClientMessageId is { } clientId && !ClientMessageIdShape().IsMatch(clientId))
        {
            return Refusal.Invalid(destination, "'clientMessageId' must be 1-64 of A-Z a-z 0-9 . _ : -");
        }

        using (await locks.AcquireAsync(request.ConversationId).ConfigureAwait(false))
        {
            var conversation = await store.GetAsync(request.ConversationId).ConfigureAwait(false);
            if (conversation is null)
            {
                return Refusal.NotFound(destination, "No such conversation.");
            }

            var note = new ChatMessageView("", conversation.Id, agent.UserId, null, agent.RoleName, agent.Name, request.Message, time.GetUtcNow())
            {
                Private = true,
                ClientMessageId = request.ClientMessageId,
            };
            var (stored, _) = await delivery.StoreAndDeliverAsync(conversation, note).ConfigureAwait(false);
            await publish.ToSupportAsync(new NoteCreatedEvent(stored), WorkspaceJsonContext.Default.NoteCreatedEvent).ConfigureAwait(false);
        }

        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex ClientMessageIdShape();
}
