using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Identity;
using CustomerChat.Protocol.Chat;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Workspace.Invitations;

/// <summary>
/// Opens an invited conversation (docs/protocol.md §14 "Invitations"): a new customer <c>c-&lt;uuid&gt;</c>, its
/// conversation opened and claimed by the inviting agent under the conversation's lock (so no routing can take it
/// while it waits, and the agent's capacity does not refuse a deliberate invitation), announced as
/// <c>conversation.claimed</c> on the support topic and <c>conversation.state</c> (<c>claimed</c>) to the agent, the
/// observers told (created, then assigned), then the agent's message stored as its first ChatMessage; and a
/// customer token for the new customer valid <see cref="InvitationOptions.InvitationLifetime"/>.
/// </summary>
public sealed class InvitationService(
    IConversationStore store,
    ConversationTransitions transitions,
    StripedLock locks,
    MessageDelivery delivery,
    ChatPublisher publish,
    ConversationObservers observers,
    TokenService tokens,
    IOptions<InvitationOptions> options,
    TimeProvider time)
{
    private static readonly ChatJsonContext Json = ChatJsonContext.Default;

    /// <summary>Creates the conversation and the token; null when another writer took the new conversation first (409).</summary>
    public async Task<(ConversationView Conversation, IssuedToken Token)?> InviteAsync(UserIdentity agent, string customerName, string? email, string? message)
    {
        var customerId = "c-" + Guid.NewGuid().ToString("D");
        var token = tokens.Issue(options.Value.InvitationLifetime, customerId, UserRole.Customer, customerName, email);
        var now = time.GetUtcNow();
        var fresh = new ConversationView(Guid.CreateVersion7().ToString("D"), ConversationStates.Waiting, customerId, customerName,
            null, null, now, null, null, null)
        {
            CustomerEmail = email,
        };

        using (await locks.AcquireAsync(fresh.Id).ConfigureAwait(false))
        {
            var (opened, _) = await store.GetOrOpenAsync(customerId, fresh).ConfigureAwait(false);
            var result = await transitions.ApplyAsync(opened.Id, new ConversationCommand.Claim(agent.UserId, agent.Name, int.MaxValue)).ConfigureAwait(false);
            if (!result.Ok || result.Conversation is not { } conversation)
            {
                return null;
            }

            await publish.ToSupportAsync(new ConversationEvent("conversation.claimed", conversation) { AssignedBy = "agent" }, Json.ConversationEvent).ConfigureAwait(false);
            await publish.ToUserEventsAsync(agent.UserId, new ConversationEvent("conversation.state", conversation, "claimed"), Json.ConversationEvent).ConfigureAwait(false);
            await observers.ChangedAsync(new ConversationChange(ConversationChangeKinds.Created, conversation)).ConfigureAwait(false);
            await observers.ChangedAsync(new ConversationChange(ConversationChangeKinds.Assigned, conversation, AssignedBy: "agent")).ConfigureAwait(false);
            if (!string.IsNullOrWhiteSpace(message))
            {
                var first = new ChatMessageView("", conversation.Id, agent.UserId, customerId, agent.RoleName, agent.Name, message, time.GetUtcNow());
                (_, conversation) = await delivery.StoreAndDeliverAsync(conversation, first).ConfigureAwait(false);
            }

            return (conversation, token);
        }
    }
}
