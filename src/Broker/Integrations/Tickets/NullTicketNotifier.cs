namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>The stand-in <see cref="ITicketNotifier"/> until the chat provides its own: announces nothing.</summary>
public sealed class NullTicketNotifier : ITicketNotifier
{
    /// <inheritdoc />
    public Task NotifyAsync(TicketChange change, Ticket ticket, CancellationToken ct) => Task.CompletedTask;
}
