using CustomerChat.Broker.History;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// The rules of a conversation's life, once (docs/protocol.md §10): a pure function of the current
/// state and a command, with no I/O, used by every store through <see cref="ConversationTransitions"/>. The stores
/// only load and compare-and-set the state, so in-memory and Redis cannot drift apart.
/// <code>
/// waiting --Claim--> active --Transfer--> active (other agent)
/// active --Requeue--> waiting (agent cleared); waiting --ChooseDepartment--> waiting (other queue)
/// waiting|active --Close--> closed --Rate (once)--> closed
/// any --Touch--> same state, newer last message
/// any --SetLabels--> same state, the new labels
/// </code>
/// </summary>
public static class ConversationStateMachine
{
    /// <summary>Decides what <paramref name="command"/> does to <paramref name="current"/>.</summary>
    public static Transition Decide(ConversationView current, ConversationCommand command) => command switch
    {
        ConversationCommand.Claim claim => current.State != ConversationStates.Waiting
            ? Transition.Refused(StoreOutcome.WrongState)
            : new Transition(StoreOutcome.Ok,
                current with { State = ConversationStates.Active, AgentId = claim.AgentId, AgentName = claim.AgentName },
                new CapacityGuard(claim.AgentId, claim.Capacity)),

        ConversationCommand.Transfer transfer => current.State != ConversationStates.Active
            ? Transition.Refused(StoreOutcome.WrongState)
            : current.AgentId != transfer.FromAgent
                ? Transition.Refused(StoreOutcome.NotAssigned)
                : new Transition(StoreOutcome.Ok,
                    current with { AgentId = transfer.ToAgent, AgentName = transfer.ToAgentName },
                    new CapacityGuard(transfer.ToAgent, transfer.Capacity)),

        ConversationCommand.Requeue requeue => current.State != ConversationStates.Active
            ? Transition.Refused(StoreOutcome.WrongState)
            : current.AgentId != requeue.FromAgent
                ? Transition.Refused(StoreOutcome.NotAssigned)
                : new Transition(StoreOutcome.Ok, current with { State = ConversationStates.Waiting, AgentId = null, AgentName = null }),

        ConversationCommand.ChooseDepartment choose => current.State != ConversationStates.Waiting
            ? Transition.Refused(StoreOutcome.WrongState)
            : current.Department == choose.Department
                ? Transition.Unchanged
                : new Transition(StoreOutcome.Ok, current with { Department = choose.Department }),

        ConversationCommand.Close close => current.State == ConversationStates.Closed
            ? Transition.Refused(StoreOutcome.WrongState)
            : close.IdleSince is { } cutoff && current.LastActivityAt > cutoff
                ? Transition.Refused(StoreOutcome.NotIdle)
                : new Transition(StoreOutcome.Ok, current with { State = ConversationStates.Closed, ClosedAt = close.At }),

        ConversationCommand.Rate rate => current.State != ConversationStates.Closed
            ? Transition.Refused(StoreOutcome.WrongState)
            : current.Rating is not null
                ? Transition.Refused(StoreOutcome.AlreadyRated)
                : new Transition(StoreOutcome.Ok, current with { Rating = rate.Rating }),

        // Two instances may touch one conversation out of order: the newest message stays.
        ConversationCommand.Touch touch => IsNewer(touch.LastMessage, current.LastMessage)
            ? new Transition(StoreOutcome.Ok, current with { LastMessage = touch.LastMessage, LastActivityAt = touch.LastMessage.Timestamp })
            : Transition.Unchanged,

        ConversationCommand.SetLabels labels => current.Labels.SequenceEqual(labels.Labels, StringComparer.Ordinal)
            ? Transition.Unchanged
            : new Transition(StoreOutcome.Ok, current with { Labels = [.. labels.Labels] }),

        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown conversation command."),
    };

    private static bool IsNewer(ChatMessageView candidate, ChatMessageView? recorded) =>
        recorded is null
        || !StreamId.TryParse(recorded.Id, out var recordedId)
        || !StreamId.TryParse(candidate.Id, out var candidateId)
        || candidateId > recordedId;
}
