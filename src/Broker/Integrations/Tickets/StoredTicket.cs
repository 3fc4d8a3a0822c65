namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>A ticket as read from a store, with the opaque version a compare-and-set update must name.</summary>
/// <param name="Ticket">The ticket.</param>
/// <param name="Version">Changes with every write; meaningful only to the store that returned it.</param>
public sealed record StoredTicket(Ticket Ticket, string Version);
