namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>Who calls the ticket API.</summary>
public enum TicketCallerKind
{
    /// <summary>A customer (guest token): sees its own tickets only.</summary>
    Customer,

    /// <summary>An agent (login token): reads and changes every ticket.</summary>
    Agent,

    /// <summary>An integration (<c>X-Api-Key</c>): the same rights as an agent.</summary>
    Integration,
}
