namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>
/// Where tickets live: in memory on a single instance, in Redis when Redis is configured (docs/protocol.md §17,
/// "Storage"). Stores only load and replace (compare-and-set); every rule is <see cref="TicketService"/>'s, so the
/// two stores cannot drift. Lists are ordered by creation time, then id.
/// </summary>
public interface ITicketStore
{
    /// <summary>Adds a new ticket (its id is new).</summary>
    Task CreateAsync(Ticket ticket, CancellationToken ct);

    /// <summary>The ticket with its version, or null.</summary>
    Task<StoredTicket?> GetAsync(string id, CancellationToken ct);

    /// <summary>
    /// Replaces the ticket with <paramref name="next"/>'s id if it is still at <paramref name="expectedVersion"/>,
    /// keeping the status and assignee indexes in the same step; false (nothing changed) when someone wrote in between.
    /// </summary>
    Task<bool> TryReplaceAsync(string expectedVersion, Ticket next, CancellationToken ct);

    /// <summary>Tickets with the status (when given) and the assignee (when given); both null = every ticket.</summary>
    Task<IReadOnlyList<Ticket>> ListAsync(TicketStatus? status, string? assignee, CancellationToken ct);

    /// <summary>The tickets of a customer (through their conversations).</summary>
    Task<IReadOnlyList<Ticket>> ListForCustomerAsync(string customerId, CancellationToken ct);

    /// <summary>Removes a ticket and its index entries (erasure of a customer's data); false when there is no such ticket.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken ct);
}
