namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>
/// The ticket rules, written once for every store (docs/protocol.md §17): creation (the customer taken from the
/// conversation), updates through <see cref="TicketLifecycle"/> applied by compare-and-set (read, decide, replace if
/// nobody wrote in between, else read again), and an announcement through <see cref="ITicketNotifier"/> after every
/// stored change. Who may call what is the endpoints' business.
/// </summary>
public sealed class TicketService(
    ITicketStore store,
    ITicketConversationLookup conversations,
    ITicketNotifier notifier,
    TimeProvider time,
    ILogger<TicketService> logger)
{
    private const int MaxAttempts = 32;

    /// <summary>Creates a ticket in <c>open</c>, unassigned; Invalid when the conversation is unknown.</summary>
    public async Task<TicketResult> CreateAsync(TicketDraft draft, string caller, CancellationToken ct)
    {
        string? customerId = null;
        if (draft.ConversationId is { } conversationId)
        {
            customerId = await conversations.GetCustomerIdAsync(conversationId, ct).ConfigureAwait(false);
            if (customerId is null)
            {
                return new(TicketOutcome.Invalid, null, $"No conversation '{conversationId}' exists.");
            }
        }

        var now = time.GetUtcNow();
        var ticket = new Ticket("t-" + Guid.NewGuid().ToString("N"), draft.Subject, draft.Description, TicketStatus.Open,
            draft.Priority, draft.ConversationId, customerId, null, now, now);
        await store.CreateAsync(ticket, ct).ConfigureAwait(false);
        TicketsLog.Created(logger, ticket.Id, caller);
        await AnnounceAsync(TicketChange.Created, ticket).ConfigureAwait(false);
        return new(TicketOutcome.Ok, ticket);
    }

    /// <summary>
    /// Applies a patch: a status change must be a move of the life cycle (Conflict otherwise, nothing changed);
    /// assignee and priority change freely. A patch that changes nothing returns the ticket as it is, with no event.
    /// </summary>
    public async Task<TicketResult> UpdateAsync(string id, TicketPatch patch, string caller, CancellationToken ct)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await store.GetAsync(id, ct).ConfigureAwait(false) is not { } stored)
            {
                return new(TicketOutcome.NotFound, null, null);
            }

            var current = stored.Ticket;
            var status = current.Status;
            if (patch.Status is { } requested)
            {
                var transition = TicketLifecycle.Decide(current.Status, requested);
                if (transition.Outcome == TicketTransitionOutcome.Refused)
                {
                    return new(TicketOutcome.Conflict, current,
                        $"A ticket in '{TicketNames.Of(current.Status)}' cannot move to '{TicketNames.Of(requested)}'.");
                }

                status = transition.Next;
            }

            var next = current with
            {
                Status = status,
                Assignee = patch.SetsAssignee ? patch.Assignee : current.Assignee,
                Priority = patch.Priority ?? current.Priority,
            };
            if (next == current)
            {
                return new(TicketOutcome.Ok, current);
            }

            next = next with { UpdatedAt = Later(time.GetUtcNow(), current.UpdatedAt) };
            if (await store.TryReplaceAsync(stored.Version, next, ct).ConfigureAwait(false))
            {
                TicketsLog.Updated(logger, id, caller, TicketNames.Of(next.Status), next.Assignee, TicketNames.Of(next.Priority));
                await AnnounceAsync(TicketChange.Updated, next).ConfigureAwait(false);
                return new(TicketOutcome.Ok, next);
            }
        }

        throw new InvalidOperationException($"Ticket {id} changed too often to be updated; try again.");
    }

    /// <summary>The ticket, or null.</summary>
    public async Task<Ticket?> GetAsync(string id, CancellationToken ct) =>
        (await store.GetAsync(id, ct).ConfigureAwait(false))?.Ticket;

    /// <summary>Tickets filtered by status and/or assignee (null = any), oldest first.</summary>
    public Task<IReadOnlyList<Ticket>> ListAsync(TicketStatus? status, string? assignee, CancellationToken ct) =>
        store.ListAsync(status, assignee, ct);

    /// <summary>A customer's tickets, oldest first.</summary>
    public Task<IReadOnlyList<Ticket>> ListForCustomerAsync(string customerId, CancellationToken ct) =>
        store.ListForCustomerAsync(customerId, ct);

    // updatedAt never goes backwards, even when clocks of two instances disagree by a little.
    private static DateTimeOffset Later(DateTimeOffset now, DateTimeOffset previous) => now > previous ? now : previous;

    // The change is stored: it is announced even when the caller has gone away meanwhile.
    private async Task AnnounceAsync(TicketChange change, Ticket ticket)
    {
        try
        {
            await notifier.NotifyAsync(change, ticket, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            TicketsLog.NotifyFailed(logger, ex, change, ticket.Id);
        }
    }
}
