using CustomerChat.Broker.Integrations.Tickets;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerChat.Broker.Tests.Tickets;

/// <summary>
/// The ticket rules over a store, run in memory and on a real redis-server: creation, the life cycle applied by
/// compare-and-set, the indexes behind the filters, and one announcement per stored change.
/// </summary>
public abstract class TicketServiceBehaviour : IAsyncLifetime
{
    private readonly InMemoryTicketConversationLookup _conversations = new();
    private readonly RecordingTicketNotifier _notifier = new();
    private BrokerHost? _broker;
    private TicketService? _service;

    private TicketService Service => _service!;

    /// <summary>A broker whose ticket store is used (the store comes from the broker's own registration).</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _broker = await StartBrokerAsync();
        _service = new TicketService(_broker.Services.GetRequiredService<ITicketStore>(), _conversations, _notifier,
            TimeProvider.System, NullLogger<TicketService>.Instance);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    [Fact]
    public async Task ANewTicketIsOpenUnassignedWithTheConversationsCustomerAndIsAnnounced()
    {
        _conversations.Set("conv-1", "c-ada");
        var result = await Service.CreateAsync(new TicketDraft("Broken login", "Cannot log in since Monday", TicketPriority.High, "conv-1"), "alice", default);

        Assert.Equal(TicketOutcome.Ok, result.Outcome);
        var ticket = result.Ticket!;
        Assert.StartsWith("t-", ticket.Id, StringComparison.Ordinal);
        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Equal(TicketPriority.High, ticket.Priority);
        Assert.Equal("c-ada", ticket.CustomerId);
        Assert.Null(ticket.Assignee);
        Assert.Equal(ticket.CreatedAt, ticket.UpdatedAt);
        Assert.Equal(ticket, await Service.GetAsync(ticket.Id, default));
        Assert.Equal([(TicketChange.Created, ticket)], _notifier.Events);
    }

    [Fact]
    public async Task ATicketForAnUnknownConversationIsInvalidAndNothingIsStored()
    {
        var result = await Service.CreateAsync(new TicketDraft("Subject", null, TicketPriority.Normal, "conv-unknown"), "alice", default);
        Assert.Equal(TicketOutcome.Invalid, result.Outcome);
        Assert.Empty(await Service.ListAsync(null, null, default));
        Assert.Empty(_notifier.Events);
    }

    [Fact]
    public async Task TheLifeCycleGoesOpenInProgressResolvedAndBackToOpen()
    {
        var id = (await CreateAsync()).Id;
        var previous = (await Service.GetAsync(id, default))!.UpdatedAt;
        foreach (var status in new[] { TicketStatus.InProgress, TicketStatus.Resolved, TicketStatus.Open })
        {
            var result = await Service.UpdateAsync(id, new TicketPatch(status, false, null, null), "alice", default);
            Assert.Equal(TicketOutcome.Ok, result.Outcome);
            Assert.Equal(status, result.Ticket!.Status);
            Assert.True(result.Ticket.UpdatedAt >= previous);
            previous = result.Ticket.UpdatedAt;
            Assert.Equal(result.Ticket, await Service.GetAsync(id, default));
        }

        Assert.Equal([TicketChange.Created, TicketChange.Updated, TicketChange.Updated, TicketChange.Updated], _notifier.Events.Select(e => e.Change));
    }

    [Fact]
    public async Task ARefusedTransitionIsAConflictThatChangesAndAnnouncesNothing()
    {
        var created = await CreateAsync();
        var result = await Service.UpdateAsync(created.Id, new TicketPatch(TicketStatus.Resolved, true, "bob", TicketPriority.Low), "alice", default);

        Assert.Equal(TicketOutcome.Conflict, result.Outcome);
        Assert.Equal(created, await Service.GetAsync(created.Id, default));
        Assert.Single(_notifier.Events);
    }

    [Fact]
    public async Task APatchThatChangesNothingIsAnsweredWithTheTicketAndNotAnnounced()
    {
        var created = await CreateAsync();
        var result = await Service.UpdateAsync(created.Id, new TicketPatch(TicketStatus.Open, false, null, TicketPriority.Normal), "alice", default);
        Assert.Equal(TicketOutcome.Ok, result.Outcome);
        Assert.Equal(created, result.Ticket);
        Assert.Single(_notifier.Events);
    }

    [Fact]
    public async Task AssigneeAndPriorityChangeInAnyStatusAndNullUnassigns()
    {
        var id = (await CreateAsync()).Id;
        await Service.UpdateAsync(id, new TicketPatch(TicketStatus.InProgress, true, "bob", TicketPriority.High), "alice", default);
        var ticket = (await Service.GetAsync(id, default))!;
        Assert.Equal(("bob", TicketPriority.High, TicketStatus.InProgress), (ticket.Assignee, ticket.Priority, ticket.Status));

        await Service.UpdateAsync(id, new TicketPatch(null, true, null, null), "alice", default);
        Assert.Null((await Service.GetAsync(id, default))!.Assignee);
        Assert.Empty(await Service.ListAsync(null, "bob", default));
    }

    [Fact]
    public async Task UpdatingAnUnknownTicketIsNotFound()
    {
        var result = await Service.UpdateAsync("t-unknown", new TicketPatch(TicketStatus.InProgress, false, null, null), "alice", default);
        Assert.Equal(TicketOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task FiltersByStatusAndAssigneeFollowEveryChange()
    {
        var a = (await CreateAsync("A")).Id;
        var b = (await CreateAsync("B")).Id;
        var c = (await CreateAsync("C")).Id;
        await Service.UpdateAsync(a, new TicketPatch(TicketStatus.InProgress, true, "bob", null), "alice", default);
        await Service.UpdateAsync(b, new TicketPatch(null, true, "bob", null), "alice", default);
        await Service.UpdateAsync(c, new TicketPatch(TicketStatus.InProgress, true, "alice", null), "alice", default);

        async Task<string[]> Subjects(TicketStatus? status, string? assignee) =>
            [.. (await Service.ListAsync(status, assignee, default)).Select(t => t.Subject)];

        Assert.Equal(["A", "B", "C"], await Subjects(null, null));
        Assert.Equal(["A", "C"], await Subjects(TicketStatus.InProgress, null));
        Assert.Equal(["A", "B"], await Subjects(null, "bob"));
        Assert.Equal(["A"], await Subjects(TicketStatus.InProgress, "bob"));
        Assert.Equal(["B"], await Subjects(TicketStatus.Open, "bob"));
        Assert.Empty(await Subjects(TicketStatus.Resolved, null));

        await Service.UpdateAsync(a, new TicketPatch(TicketStatus.Resolved, true, "alice", null), "alice", default);
        Assert.Equal(["C"], await Subjects(TicketStatus.InProgress, null));
        Assert.Equal(["A"], await Subjects(TicketStatus.Resolved, "alice"));
        Assert.Equal(["B"], await Subjects(null, "bob"));
    }

    [Fact]
    public async Task ACustomersListHoldsTheTicketsOfItsConversationsOnly()
    {
        _conversations.Set("conv-ada-1", "c-ada");
        _conversations.Set("conv-ada-2", "c-ada");
        _conversations.Set("conv-bob", "c-bob");
        await Service.CreateAsync(new TicketDraft("Ada one", null, TicketPriority.Normal, "conv-ada-1"), "alice", default);
        await Service.CreateAsync(new TicketDraft("Bob", null, TicketPriority.Normal, "conv-bob"), "alice", default);
        await Service.CreateAsync(new TicketDraft("Ada two", null, TicketPriority.Normal, "conv-ada-2"), "alice", default);
        await Service.CreateAsync(new TicketDraft("Nobody's", null, TicketPriority.Normal, null), "alice", default);

        Assert.Equal(["Ada one", "Ada two"], (await Service.ListForCustomerAsync("c-ada", default)).Select(t => t.Subject));
        Assert.Empty(await Service.ListForCustomerAsync("c-eve", default));
    }

    [Fact]
    public async Task OfConcurrentIdenticalTransitionsOneMovesTheTicketAndIsAnnouncedOnce()
    {
        var id = (await CreateAsync()).Id;
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            Task.Run(() => Service.UpdateAsync(id, new TicketPatch(TicketStatus.InProgress, false, null, null), "alice", default))));

        Assert.All(results, r => Assert.Equal(TicketOutcome.Ok, r.Outcome));
        Assert.Single(_notifier.Events, e => e.Change == TicketChange.Updated);
        Assert.Equal(TicketStatus.InProgress, (await Service.GetAsync(id, default))!.Status);
    }

    [Fact]
    public async Task ConcurrentReassignmentsLeaveTheTicketUnderExactlyOneAssignee()
    {
        var id = (await CreateAsync()).Id;
        string[] agents = ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"];
        await Task.WhenAll(agents.Select(agent => Task.Run(() => Service.UpdateAsync(id, new TicketPatch(null, true, agent, null), "alice", default))));

        var final = (await Service.GetAsync(id, default))!.Assignee;
        Assert.Contains(final, agents);
        foreach (var agent in agents)
        {
            Assert.Equal(agent == final ? 1 : 0, (await Service.ListAsync(null, agent, default)).Count);
        }

        Assert.Equal(1 + agents.Length, _notifier.Events.Count);
    }

    private async Task<Ticket> CreateAsync(string subject = "Subject") =>
        (await Service.CreateAsync(new TicketDraft(subject, null, TicketPriority.Normal, null), "alice", default)).Ticket!;
}

/// <summary><see cref="TicketServiceBehaviour"/> in memory.</summary>
public sealed class InMemoryTicketServiceTests : TicketServiceBehaviour
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync() => BrokerHost.StartAsync();
}

/// <summary><see cref="TicketServiceBehaviour"/> on a real redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisTicketServiceTests(RedisFixture redis) : TicketServiceBehaviour
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync() => redis.StartBrokerAsync();

    [Fact]
    public async Task TheStoreInRedisModeIsTheRedisOne()
    {
        await using var broker = await redis.StartBrokerAsync();
        Assert.IsType<RedisTicketStore>(broker.Services.GetRequiredService<ITicketStore>());
    }
}
