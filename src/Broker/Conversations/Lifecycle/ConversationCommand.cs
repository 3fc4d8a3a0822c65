using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// A change asked of one conversation (docs/protocol.md §10); <see cref="ConversationStateMachine"/>
/// decides what it does to the conversation's state.
/// </summary>
public abstract record ConversationCommand
{
    private ConversationCommand()
    {
    }

    /// <summary>waiting → active for the agent, within its capacity (a claim by hand or an assignment).</summary>
    public sealed record Claim(string AgentId, string AgentName, int Capacity) : ConversationCommand;

    /// <summary>An active conversation of <paramref name="FromAgent"/> goes to <paramref name="ToAgent"/>, within the target's capacity.</summary>
    public sealed record Transfer(string FromAgent, string ToAgent, string ToAgentName, int Capacity) : ConversationCommand;

    /// <summary>active → waiting, agent cleared: the agent <paramref name="FromAgent"/> went away (docs/protocol.md §12, re-queue).</summary>
    public sealed record Requeue(string FromAgent) : ConversationCommand;

    /// <summary>A waiting conversation moves to the queue of <paramref name="Department"/> (null = the general queue).</summary>
    public sealed record ChooseDepartment(string? Department) : ConversationCommand;

    /// <summary>
    /// waiting|active → closed at <paramref name="At"/>. With <paramref name="IdleSince"/> (the idle timeout's cutoff), an
    /// idle close: refused as <see cref="StoreOutcome.NotIdle"/> when the conversation had activity after the cutoff,
    /// so a message that arrives between the sweeper's read and its close keeps the conversation open.
    /// </summary>
    public sealed record Close(DateTimeOffset At, DateTimeOffset? IdleSince = null) : ConversationCommand;

    /// <summary>The customer's rating of a closed, unrated conversation.</summary>
    public sealed record Rate(RatingView Rating) : ConversationCommand;

    /// <summary>Records the last message and activity time; an older message than the one recorded changes nothing.</summary>
    public sealed record Touch(ChatMessageView LastMessage) : ConversationCommand;

    /// <summary>Replaces the labels (docs/protocol.md §14 "Labels"), in any state; validated by the caller.</summary>
    public sealed record SetLabels(IReadOnlyList<string> Labels) : ConversationCommand;
}
