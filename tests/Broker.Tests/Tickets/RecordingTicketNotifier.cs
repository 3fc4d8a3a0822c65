using System.Collections.Concurrent;
using CustomerChat.Broker.Integrations.Tickets;

namespace CustomerChat.Broker.Tests.Tickets;

/// <summary>An <see cref="ITicketNotifier"/> that keeps what it was told, in order.</summary>
internal sealed class RecordingTicketNotifier : ITicketNotifier
{
    private readonly ConcurrentQueue<(TicketChange Change, Ticket Ticket)> _events = new();

    /// <summary>Everything announced so far.</summary>
    public IReadOnlyList<(TicketChange Change, Ticket Ticket)> Events => [.. _events];

    /// <inheritdoc />
    public Task NotifyAsync(TicketChange change, Ticket ticket, CancellationToken ct)
    {
        _events.Enqueue((change, ticket));
        return Task.CompletedTask;
    }
}
