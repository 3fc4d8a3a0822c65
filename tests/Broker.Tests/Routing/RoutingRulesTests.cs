using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Routing;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Tests.Routing;

/// <summary>Routing's pure parts: the Requeue and ChooseDepartment rules and the wait estimate.</summary>
public sealed class RoutingRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static ConversationView Active(string agent) =>
        new("c1", ConversationStates.Active, "c-1", "Ada", agent, agent, Now, null, null, null);

    [Fact]
    public void A_requeue_puts_the_agents_active_conversation_back_to_waiting_without_an_agent()
    {
        var transition = ConversationStateMachine.Decide(Active("alice"), new ConversationCommand.Requeue("alice"));
        Assert.Equal(StoreOutcome.Ok, transition.Outcome);
        Assert.Equal(ConversationStates.Waiting, transition.Next!.State);
        Assert.Null(transition.Next.AgentId);
        Assert.Null(transition.Next.AgentName);
        Assert.Null(transition.Capacity);
    }

    [Fact]
    public void A_requeue_of_another_agents_or_a_waiting_conversation_is_refused()
    {
        Assert.Equal(StoreOutcome.NotAssigned, ConversationStateMachine.Decide(Active("bob"), new ConversationCommand.Requeue("alice")).Outcome);
        var waiting = Active("alice") with { State = ConversationStates.Waiting, AgentId = null };
        Assert.Equal(StoreOutcome.WrongState, ConversationStateMachine.Decide(waiting, new ConversationCommand.Requeue("alice")).Outcome);
    }

    [Fact]
    public void A_department_is_chosen_only_while_waiting()
    {
        var waiting = Active("alice") with { State = ConversationStates.Waiting, AgentId = null };
        Assert.Equal("sales", ConversationStateMachine.Decide(waiting, new ConversationCommand.ChooseDepartment("sales")).Next!.Department);
        Assert.Same(Transition.Unchanged, ConversationStateMachine.Decide(waiting with { Department = "sales" }, new ConversationCommand.ChooseDepartment("sales")));
        Assert.Equal(StoreOutcome.WrongState, ConversationStateMachine.Decide(Active("alice"), new ConversationCommand.ChooseDepartment("sales")).Outcome);
    }

    [Fact]
    public void The_wait_estimate_is_position_times_the_mean_interval_and_null_before_two_assignments()
    {
        Assert.Null(QueuePositions.Estimate([], 1));
        Assert.Null(QueuePositions.Estimate([10_000], 3));
        // Newest first: 3 intervals over 90 s = 30 s each; third in line = 90 s.
        Assert.Equal(90, QueuePositions.Estimate([100_000, 70_000, 40_000, 10_000], 3));
    }
}
