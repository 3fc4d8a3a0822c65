using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Conversation state shared by every instance (SPEC §5): waiting list, states, assignments, agent
/// capacity. Every state change is atomic in the store, so a claim race has exactly one winner even
/// across instances (on Redis a Lua script). In memory by default.
/// </summary>
public interface IConversationStore
{
    /// <summary>The conversation, or null.</summary>
    Task<ConversationView?> GetAsync(string id);

    /// <summary>The customer's most recent conversation (open or closed), or null when it never had one.</summary>
    Task<ConversationView?> GetLatestForCustomerAsync(string customerId);

    /// <summary>
    /// The customer's open (waiting or active) conversation, or <paramref name="create"/> stored as its new
    /// waiting one; atomic, so a customer never has two open conversations (SPEC §5).
    /// </summary>
    Task<(ConversationView Conversation, bool Created)> GetOrOpenAsync(string customerId, ConversationView create);

    /// <summary>waiting → active for <paramref name="agentId"/> unless the agent holds <paramref name="capacity"/> active ones.</summary>
    Task<StoreResult> ClaimAsync(string id, string agentId, string agentName, int capacity);

    /// <summary>Moves an active conversation of <paramref name="fromAgent"/> to <paramref name="toAgent"/>, within the target's capacity.</summary>
    Task<StoreResult> TransferAsync(string id, string fromAgent, string toAgent, string toAgentName, int capacity);

    /// <summary>waiting|active → closed at <paramref name="at"/>.</summary>
    Task<StoreResult> CloseAsync(string id, DateTimeOffset at);

    /// <summary>Stores the rating of a closed, unrated conversation.</summary>
    Task<StoreResult> RateAsync(string id, RatingView rating);

    /// <summary>Records the last message and the activity time of an open conversation.</summary>
    Task<ConversationView?> TouchAsync(string id, ChatMessageView lastMessage);

    /// <summary>Every conversation, or only waiting and active ones; oldest first.</summary>
    Task<IReadOnlyList<ConversationView>> ListAsync(bool includeClosed);

    /// <summary>The conversations a user takes part in, as customer or as (current) agent; oldest first.</summary>
    Task<IReadOnlyList<ConversationView>> ListForUserAsync(string userId);

    /// <summary>Forgets a conversation (retention).</summary>
    Task RemoveAsync(string id);
}

/// <summary>What a store operation did.</summary>
public enum StoreOutcome
{
    /// <summary>Done.</summary>
    Ok,
    /// <summary>No such conversation.</summary>
    NotFound,
    /// <summary>The conversation is not in a state that allows it (claimed already, not closed yet…).</summary>
    WrongState,
    /// <summary>The agent is at its capacity of active conversations.</summary>
    AtCapacity,
    /// <summary>The conversation is not assigned to the acting agent.</summary>
    NotAssigned,
    /// <summary>The conversation was rated already.</summary>
    AlreadyRated,
}

/// <summary>An outcome and the conversation as it is after the operation (null when not found).</summary>
public sealed record StoreResult(StoreOutcome Outcome, ConversationView? Conversation)
{
    /// <summary>Whether the operation was done.</summary>
    public bool Ok => Outcome == StoreOutcome.Ok;
}
