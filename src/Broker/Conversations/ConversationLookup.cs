using CustomerChat.Broker.History;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Finds the conversation a frame is about, as its sender may see it (docs/protocol.md §7): a refusal never says
/// whether a conversation the user may not see exists — both are <c>forbidden</c>.
/// </summary>
public sealed class ConversationLookup(IConversationStore store)
{
    /// <summary>The customer's own conversation, or the agent's assigned one (see the two methods below).</summary>
    public async Task<(ConversationView? Conversation, Refusal? Refusal)> FindForPartyAsync(UserIdentity user, string? conversationId, string? userTo, string destination) =>
        user.IsAgent
            ? await FindForAgentAsync(user, conversationId, userTo, destination).ConfigureAwait(false)
            : await FindForCustomerAsync(user, conversationId, destination).ConfigureAwait(false);

    /// <summary>
    /// The customer's conversation: the named one if it is theirs (<c>forbidden</c> otherwise, whether it exists
    /// or not), else their most recent one (<c>conflict</c> when they never had one).
    /// </summary>
    public async Task<(ConversationView? Conversation, Refusal? Refusal)> FindForCustomerAsync(UserIdentity customer, string? conversationId, string destination)
    {
        var conversation = conversationId is null
            ? await store.GetLatestForCustomerAsync(customer.UserId).ConfigureAwait(false)
            : await store.GetAsync(conversationId).ConfigureAwait(false);
        if (conversation is null || conversation.CustomerId != customer.UserId)
        {
            return (null, conversationId is null
                ? Refusal.Conflict(destination, "You have no conversation.")
                : Refusal.Forbidden(destination, "Not allowed."));
        }

        return (conversation, null);
    }

    /// <summary>An active conversation assigned to this agent, by id or by the customer's id (<c>userTo</c>).</summary>
    public async Task<(ConversationView? Conversation, Refusal? Refusal)> FindForAgentAsync(UserIdentity agent, string? conversationId, string? userTo, string destination)
    {
        ConversationView? conversation;
        if (!string.IsNullOrEmpty(conversationId))
        {
            conversation = await store.GetAsync(conversationId).ConfigureAwait(false);
        }
        else if (!string.IsNullOrEmpty(userTo))
        {
            conversation = await store.GetLatestForCustomerAsync(userTo).ConfigureAwait(false);
        }
        else
        {
            return (null, Refusal.Invalid(destination, "'conversationId' or 'userTo' is required."));
        }

        if (conversation is null || conversation.AgentId != agent.UserId || conversation.State != ConversationStates.Active)
        {
            return (null, Refusal.Forbidden(destination, "You are not assigned to this conversation."));
        }

        return (conversation, null);
    }

    /// <summary>The other party of <paramref name="user"/> in the conversation (null while none).</summary>
    public static string? OtherParty(ConversationView conversation, UserIdentity user) =>
        user.UserId == conversation.CustomerId ? conversation.AgentId : conversation.CustomerId;
}
