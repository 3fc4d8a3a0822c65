using CustomerChat.Broker.Identity;

namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>
/// The one place that says who calls a ticket endpoint (docs/protocol.md §17, docs/protocol.md §16
/// "Who calls"): <c>X-Api-Key</c> makes an <see cref="TicketCallerKind.Integration"/> (id <c>apikey:&lt;Name&gt;</c>),
/// a bearer token an agent or a customer (id = the user id). When <c>X-Api-Key</c> is present it decides alone.
/// </summary>
public static class TicketAccess
{
    /// <summary>The caller, or null when the request carries no valid credentials (HTTP 401).</summary>
    public static async Task<TicketCaller?> IdentifyAsync(HttpContext http)
    {
        var caller = await HttpCaller.GetAsync(http).ConfigureAwait(false);
        return caller switch
        {
            null => null,
            { IsApiKey: true } => new TicketCaller(TicketCallerKind.Integration, caller.Id),
            { IsAgent: true } => new TicketCaller(TicketCallerKind.Agent, caller.Id),
            _ => new TicketCaller(TicketCallerKind.Customer, caller.Id),
        };
    }
}
