namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>The authenticated caller of a ticket endpoint.</summary>
/// <param name="Kind">Customer, agent or integration.</param>
/// <param name="Id">The user id (<c>c-…</c> or the agent's username), or <c>apikey:&lt;Name&gt;</c> for an integration.</param>
public sealed record TicketCaller(TicketCallerKind Kind, string Id)
{
    /// <summary>Whether the caller may create, change and list every ticket (agents and integrations).</summary>
    public bool MayManage => Kind is TicketCallerKind.Agent or TicketCallerKind.Integration;
}
