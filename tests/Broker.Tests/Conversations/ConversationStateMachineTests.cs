using CustomerChat.Broker.Conversations;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Tests.Conversations;

/// <summary>The conversation rules as a pure function (docs/ARCHITECTURE.md "One state machine").</summary>
public sealed class ConversationStateMachineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static ConversationView Waiting() =>
        new("c1", ConversationStates.Waiting, "c-1", "Ada", null, null, Now, null, null, null);

    [Fact]
    public void AClaimMakesAWaitingConversationActiveUnderTheAgentsCapacityGuard()
    {
        var transition = ConversationStateMachine.Decide(Waiting(), new ConversationCommand.Claim("alice", "Alice", 3));
        Assert.Equal(StoreOutcome.Ok, transition.Outcome);
        Assert.Equal(ConversationStates.Active, transition.Next!.State);
        Assert.Equal("alice", transition.Next.AgentId);
        Assert.Equal(new CapacityGuard("alice", 3), transition.Capacity);
    }

    [Fact]
    public void AClaimOfAnActiveOrClosedConversationIsTheWrongState()
    {
        var active = Waiting() with { State = ConversationStates.Active, AgentId = "bob" };
        Assert.Equal(StoreOutcome.WrongState, ConversationStateMachine.Decide(active, new ConversationCommand.Claim("alice", "Alice", 3)).Outcome);
        var closed = Waiting() with { State = ConversationStates.Closed };
        Assert.Equal(StoreOutcome.WrongState, ConversationStateMachine.Decide(closed, new ConversationCommand.Claim("alice", "Alice", 3)).Outcome);
    }

    [Fact]
    public void OnlyTheAssignedAgentTransfersAnActiveConversation()
    {
        var active = Waiting() with { State = ConversationStates.Active, AgentId = "bob", AgentName = "Bob" };
        Assert.Equal(StoreOutcome.NotAssigned, ConversationStateMachine.Decide(active, new ConversationCommand.Transfer("alice", "carol", "Carol", 3)).Outcome);
        var moved = ConversationStateMachine.Decide(active, new ConversationCommand.Transfer("bob", "carol", "Carol", 3));
        Assert.Equal(("carol", "Carol"), (moved.Next!.AgentId, moved.Next.AgentName));
        Assert.Equal(new CapacityGuard("carol", 3), moved.Capacity);
        Assert.Equal(StoreOutcome.WrongState, ConversationStateMachine.Decide(Waiting(), new ConversationCommand.Transfer("bob", "carol", "Carol", 3)).Outcome);
    }

    [Fact]
    public void CloseOnceThenRateOnce()
    {
        var closed = ConversationStateMachine.Decide(Waiting(), new ConversationCommand.Close(Now)).Next!;
        Assert.Equal((ConversationStates.Closed, Now), (closed.State, closed.ClosedAt!.Value));
        Assert.Equal(StoreOutcome.WrongState, ConversationStateMachine.Decide(closed, new ConversationCommand.Close(Now)).Outcome);
        Assert.Equal(StoreOutcome.WrongState, ConversationStateMachine.Decide(Waiting(), new ConversationCommand.Rate(new RatingView(5, null))).Outcome);
        var rated = ConversationStateMachine.Decide(closed, new ConversationCommand.Rate(new RatingView(4, "ok"))).Next!;
        Assert.Equal(4, rated.Rating!.Score);
        Assert.Equal(StoreOutcome.AlreadyRated, ConversationStateMachine.Decide(rated, new ConversationCommand.Rate(new RatingView(5, null))).Outcome);
    }

    [Fact]
    public void AnIdleCloseIsRefusedWhenTheConversationHadActivityAfterTheCutoff()
    {
        var cutoff = Now.AddMinutes(-30);
        var recent = Waiting() with { LastActivityAt = cutoff.AddSeconds(1) };
        Assert.Equal(StoreOutcome.NotIdle, ConversationStateMachine.Decide(recent, new ConversationCommand.Close(Now, IdleSince: cutoff)).Outcome);

        var idle = Waiting() with { LastActivityAt = cutoff };
        var closed = ConversationStateMachine.Decide(idle, new ConversationCommand.Close(Now, IdleSince: cutoff));
        Assert.Equal(StoreOutcome.Ok, closed.Outcome);
        Assert.Equal(ConversationStates.Closed, closed.Next!.State);
    }

    [Fact]
    public void ATouchKeepsTheNewestLastMessage()
    {
        var newer = new ChatMessageView("1700000000002-0", "c1", "c-1", null, "customer", "Ada", "second", Now);
        var older = newer with { Id = "1700000000001-0", Message = "first" };
        var touched = ConversationStateMachine.Decide(Waiting(), new ConversationCommand.Touch(newer)).Next!;
        Assert.Equal("second", touched.LastMessage!.Message);
        var late = ConversationStateMachine.Decide(touched, new ConversationCommand.Touch(older));
        Assert.Equal(StoreOutcome.Ok, late.Outcome);
        Assert.Null(late.Next);
    }
}
