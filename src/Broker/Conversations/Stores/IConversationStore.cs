using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Conversation state shared by every instance (docs/protocol.md §10): the conversations and their
/// indexes (open list, per-user lists, agent loads). A store only loads and compare-and-sets versioned state
/// (<see cref="ReplaceAsync"/>); <see cref="ConversationTransitions"/> decides with <see cref="ConversationStateMachine"/>.
/// In memory by default; on Redis each replace is one Lua script.
/// </summary>
public interface IConversationStore
{
    /// <summary>The conversation, or null.</summary>
    Task<ConversationView?> GetAsync(string id);

    /// <summary>The customer's most recent conversation (open or closed), or null when it never had one.</summary>
    Task<ConversationView?> GetLatestForCustomerAsync(string customerId);

    /// <summary>
    /// The customer's open (waiting or active) conversation, or <paramref name="create"/> stored as its new
    /// waiting one; atomic, so a customer never has two open conversations (docs/protocol.md §10).
    /// </summary>
    Task<(ConversationView Conversation, bool Created)> GetOrOpenAsync(string customerId, ConversationView create);

    /// <summary>
    /// Compare-and-set: stores <paramref name="next"/> only if the conversation is still <paramref name="expected"/>
    /// (as read by <see cref="GetAsync"/>) and, with a <paramref name="capacity"/> guard, only while that agent is
    /// below its capacity; the indexes (open list, agent loads, per-user lists) change in the same atomic step.
    /// The rules of what may change live in <see cref="ConversationStateMachine"/>, never here.
    /// </summary>
    Task<ReplaceOutcome> ReplaceAsync(ConversationView expected, ConversationView next, CapacityGuard? capacity);

    /// <summary>Every conversation, or only waiting and active ones; oldest first.</summary>
    Task<IReadOnlyList<ConversationView>> ListAsync(bool includeClosed);

    /// <summary>
    /// What the sweeper must look at now (docs/protocol.md §10): open (waiting or active) conversations whose
    /// <see cref="ConversationView.LastActivityAt"/> is at or before <paramref name="idleBefore"/>, and closed ones whose
    /// <see cref="ConversationView.ClosedAt"/> is at or before <paramref name="closedBefore"/>; in no particular order.
    /// On Redis this reads only those conversations (two sorted sets of deadlines, kept in the same atomic step as the
    /// state), never every kept one. Conversations stored before the deadlines existed are found only after
    /// <see cref="BackfillDeadlinesAsync"/>.
    /// </summary>
    Task<IReadOnlyList<ConversationView>> ListDueAsync(DateTimeOffset idleBefore, DateTimeOffset closedBefore);

    /// <summary>
    /// Gives every kept conversation that lacks one its deadline entry (conversations written by an older version);
    /// reads every kept conversation once, so the sweeper calls it once per process. A no-op in memory.
    /// </summary>
    Task BackfillDeadlinesAsync();

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
    /// <summary>An idle close found activity after the idle cutoff: the conversation is no longer idle.</summary>
    NotIdle,
}

/// <summary>What a compare-and-set did.</summary>
public enum ReplaceOutcome
{
    /// <summary>Stored.</summary>
    Replaced,
    /// <summary>The conversation is no longer what was read (or is gone): read again and decide again.</summary>
    Changed,
    /// <summary>The capacity guard failed: the agent holds its capacity of active conversations.</summary>
    AtCapacity,
}

/// <summary>An outcome and the conversation as it is after the operation (null when not found).</summary>
public sealed record StoreResult(StoreOutcome Outcome, ConversationView? Conversation)
{
    /// <summary>Whether the operation was done.</summary>
    public bool Ok => Outcome == StoreOutcome.Ok;
}
