using CustomerChat.Broker.Integrations.Tickets;

namespace CustomerChat.Broker.Tests.Tickets;

/// <summary>Every pair of (current status, requested status) through the one life-cycle decision.</summary>
public sealed class TicketLifecycleTests
{
    [Theory]
    [InlineData(TicketStatus.Open, TicketStatus.InProgress)]
    [InlineData(TicketStatus.InProgress, TicketStatus.Resolved)]
    [InlineData(TicketStatus.Resolved, TicketStatus.Open)]
    public void TheLifeCycleMovesAreAllowed(TicketStatus current, TicketStatus requested)
    {
        Assert.Equal(new TicketTransition(TicketTransitionOutcome.Moved, requested), TicketLifecycle.Decide(current, requested));
    }

    [Theory]
    [InlineData(TicketStatus.Open, TicketStatus.Resolved)]
    [InlineData(TicketStatus.InProgress, TicketStatus.Open)]
    [InlineData(TicketStatus.Resolved, TicketStatus.InProgress)]
    public void EveryOtherMoveIsRefusedAndKeepsTheStatus(TicketStatus current, TicketStatus requested)
    {
        Assert.Equal(new TicketTransition(TicketTransitionOutcome.Refused, current), TicketLifecycle.Decide(current, requested));
    }

    [Theory]
    [InlineData(TicketStatus.Open)]
    [InlineData(TicketStatus.InProgress)]
    [InlineData(TicketStatus.Resolved)]
    public void AskingForTheCurrentStatusChangesNothing(TicketStatus status)
    {
        Assert.Equal(new TicketTransition(TicketTransitionOutcome.Unchanged, status), TicketLifecycle.Decide(status, status));
    }

    [Fact]
    public void StatusAndPriorityNamesRoundTripAndOthersAreRefused()
    {
        foreach (var status in Enum.GetValues<TicketStatus>())
        {
            Assert.True(TicketNames.TryParseStatus(TicketNames.Of(status), out var parsed));
            Assert.Equal(status, parsed);
        }

        foreach (var priority in Enum.GetValues<TicketPriority>())
        {
            Assert.True(TicketNames.TryParsePriority(TicketNames.Of(priority), out var parsed));
            Assert.Equal(priority, parsed);
        }

        Assert.False(TicketNames.TryParseStatus("Open", out _));
        Assert.False(TicketNames.TryParseStatus("closed", out _));
        Assert.False(TicketNames.TryParsePriority("urgent", out _));
        Assert.False(TicketNames.TryParsePriority(null, out _));
    }
}
