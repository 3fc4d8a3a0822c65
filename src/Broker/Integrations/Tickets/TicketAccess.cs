using CustomerChat.Broker.Identity;

namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>
/// The one place that says who calls a ticket endpoint. Today: a bearer token (agent or customer). API keys
/// (<c>X-Api-Key</c>) become <see cref="TicketCallerKind.Integration"/> here when the broker has them; no endpoint
/// changes then.
/// </summary>
public static class TicketAccess
{
    /// <summary>The caller, or null when the request carries no valid credentials (HTTP 401).</summary>
    public static async Task<TicketCaller?> IdentifyAsync(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<TokenService>();
        var user = await BearerUser.GetAsync(http, tokens).ConfigureAwait(false);
        return user is null ? null : new TicketCaller(user.IsAgent ? TicketCallerKind.Agent : TicketCallerKind.Customer, user.UserId);
    }
}
