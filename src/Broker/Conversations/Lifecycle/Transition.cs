using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>What <see cref="ConversationStateMachine"/> decided for one command on one state.</summary>
/// <param name="Outcome"><see cref="StoreOutcome.Ok"/> or why not.</param>
/// <param name="Next">The state to store when <see cref="StoreOutcome.Ok"/>; null when nothing changes.</param>
/// <param name="Capacity">When set, the store applies <paramref name="Next"/> only while the agent is below its capacity.</param>
public sealed record Transition(StoreOutcome Outcome, ConversationView? Next = null, CapacityGuard? Capacity = null)
{
    /// <summary>Allowed, but nothing to store.</summary>
    public static Transition Unchanged { get; } = new(StoreOutcome.Ok);

    /// <summary>Refused with <paramref name="outcome"/>.</summary>
    public static Transition Refused(StoreOutcome outcome) => new(outcome);
}
