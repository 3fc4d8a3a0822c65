using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Applies a <see cref="ConversationCommand"/> to a stored conversation: read, decide with
/// <see cref="ConversationStateMachine"/>, compare-and-set; when another writer (another instance) changed the
/// conversation in between, read again and decide again on the new state. So every decision is taken on the
/// current state, and exactly one of two racing claims wins.
/// </summary>
public sealed class ConversationTransitions(IConversationStore store)
{
    private const int MaxAttempts = 32;

    /// <summary>The outcome and the conversation after it (the current one when refused; null when not found).</summary>
    /// <exception cref="BackplaneUnavailableException">The store is unavailable, or the conversation changed too often to be updated.</exception>
    public async Task<StoreResult> ApplyAsync(string id, ConversationCommand command)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await store.GetAsync(id).ConfigureAwait(false);
            if (current is null)
            {
                return new StoreResult(StoreOutcome.NotFound, null);
            }

            var transition = ConversationStateMachine.Decide(current, command);
            if (transition.Outcome != StoreOutcome.Ok)
            {
                return new StoreResult(transition.Outcome, current);
            }

            if (transition.Next is not { } next)
            {
                return new StoreResult(StoreOutcome.Ok, current);
            }

            switch (await store.ReplaceAsync(current, next, transition.Capacity).ConfigureAwait(false))
            {
                case ReplaceOutcome.Replaced:
                    return new StoreResult(StoreOutcome.Ok, next);
                case ReplaceOutcome.AtCapacity:
                    return new StoreResult(StoreOutcome.AtCapacity, current);
            }

            // Changed since the read: decide again on the new state.
        }

        throw new BackplaneUnavailableException($"Conversation {id} changed too often to be updated; try again.");
    }
}
