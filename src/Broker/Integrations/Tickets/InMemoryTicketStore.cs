namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>
/// Tickets of a single instance, in memory (lost on restart). One lock guards the tickets; the version is a
/// per-ticket revision counter. Lists scan every ticket (fine for one instance's volume).
/// </summary>
public sealed class InMemoryTicketStore : ITicketStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (Ticket Ticket, long Revision)> _tickets = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task CreateAsync(Ticket ticket, CancellationToken ct)
    {
        lock (_lock)
        {
            if (!_tickets.TryAdd(ticket.Id, (ticket, 1)))
            {
                throw new InvalidOperationException($"Ticket {ticket.Id} exists already.");
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<StoredTicket?> GetAsync(string id, CancellationToken ct)
    {
        lock (_lock)
        {
            return Task.FromResult(_tickets.TryGetValue(id, out var entry)
                ? new StoredTicket(entry.Ticket, entry.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture))
                : null);
        }
    }

    /// <inheritdoc />
    public Task<bool> TryReplaceAsync(string expectedVersion, Ticket next, CancellationToken ct)
    {
        lock (_lock)
        {
            if (!_tickets.TryGetValue(next.Id, out var entry)
                || entry.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) != expectedVersion)
            {
                return Task.FromResult(false);
            }

            _tickets[next.Id] = (next, entry.Revision + 1);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Ticket>> ListAsync(TicketStatus? status, string? assignee, CancellationToken ct) =>
        Task.FromResult(Select(t => (status is null || t.Status == status) && (assignee is null || t.Assignee == assignee)));

    /// <inheritdoc />
    public Task<IReadOnlyList<Ticket>> ListForCustomerAsync(string customerId, CancellationToken ct) =>
        Task.FromResult(Select(t => t.CustomerId == customerId));

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        lock (_lock)
        {
            return Task.FromResult(_tickets.Remove(id));
        }
    }

    private IReadOnlyList<Ticket> Select(Func<Ticket, bool> predicate)
    {
        lock (_lock)
        {
            return [.. _tickets.Values.Select(e => e.Ticket).Where(predicate).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal)];
        }
    }
}
