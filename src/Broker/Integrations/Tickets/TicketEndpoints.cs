using System.Text.Json;
using CustomerChat.Broker.Identity;

namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>
/// The ticket API (docs/protocol.md §17). Callers are identified by <see cref="TicketAccess"/> (401 without
/// valid credentials); agents (and integrations) manage every ticket, customers only read their own.
/// <list type="bullet">
/// <item><c>POST /api/tickets</c> → 201 Ticket (400 invalid or unknown conversation, 403 customer);</item>
/// <item><c>PATCH /api/tickets/{id}</c> <c>{"status"?, "assignee"?, "priority"?}</c> → 200 Ticket (400, 403, 404, 409 refused transition);</item>
/// <item><c>GET /api/tickets?status=&amp;assignee=</c> → 200 [Ticket] (400 unknown status, 403 customer);</item>
/// <item><c>GET /api/tickets/{id}</c> → 200 Ticket (404, also for a customer's request for someone else's ticket);</item>
/// <item><c>GET /api/me/tickets</c> → 200 [Ticket]: a customer's own tickets; an agent's assigned tickets.</item>
/// </list>
/// </summary>
internal static class TicketEndpoints
{
    private const string Tag = "Tickets";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/tickets", CreateAsync).WithName("CreateTicket").WithTags(Tag)
            .Accepts<TicketCreateRequest>("application/json")
            .Produces<Ticket>(StatusCodes.Status201Created)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        endpoints.MapPatch("/api/tickets/{id}", UpdateAsync).WithName("UpdateTicket").WithTags(Tag)
            .Accepts<TicketUpdateRequest>("application/json")
            .Produces<Ticket>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        endpoints.MapGet("/api/tickets", ListAsync).WithName("ListTickets").WithTags(Tag)
            .Produces<IReadOnlyList<Ticket>>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        endpoints.MapGet("/api/tickets/{id}", GetAsync).WithName("GetTicket").WithTags(Tag)
            .Produces<Ticket>().ProducesProblem(401).ProducesProblem(404);
        endpoints.MapGet("/api/me/tickets", MineAsync).WithName("ListMyTickets").WithTags(Tag)
            .Produces<IReadOnlyList<Ticket>>().ProducesProblem(401);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, TicketService tickets, CancellationToken ct)
    {
        var caller = await TicketAccess.IdentifyAsync(http);
        if (Refuse(caller) is { } refusal)
        {
            return refusal;
        }

        if (await ReadBodyAsync(http, ct) is not { } body)
        {
            return Invalid("The body must be a JSON object.");
        }

        var (draft, error) = TicketRequests.ParseCreate(body);
        if (draft is null)
        {
            return Invalid(error!);
        }

        var result = await tickets.CreateAsync(draft, caller!.Id, ct);
        return result.Outcome == TicketOutcome.Ok
            ? TypedResults.Created($"/api/tickets/{result.Ticket!.Id}", result.Ticket)
            : Invalid(result.Detail!);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string id, TicketService tickets, AgentDirectory agents, CancellationToken ct)
    {
        var caller = await TicketAccess.IdentifyAsync(http);
        if (Refuse(caller) is { } refusal)
        {
            return refusal;
        }

        if (await ReadBodyAsync(http, ct) is not { } body)
        {
            return Invalid("The body must be a JSON object.");
        }

        var (patch, error) = TicketRequests.ParsePatch(body, username => agents.Find(username) is not null);
        if (patch is null)
        {
            return Invalid(error!);
        }

        var result = await tickets.UpdateAsync(id, patch, caller!.Id, ct);
        return result.Outcome switch
        {
            TicketOutcome.Ok => TypedResults.Ok(result.Ticket),
            TicketOutcome.Conflict => TypedResults.Problem(statusCode: 409, title: "Transition not allowed", detail: result.Detail),
            _ => NotFound(),
        };
    }

    private static async Task<IResult> ListAsync(HttpContext http, string? status, string? assignee, TicketService tickets, CancellationToken ct)
    {
        var caller = await TicketAccess.IdentifyAsync(http);
        if (Refuse(caller) is { } refusal)
        {
            return refusal;
        }

        TicketStatus? statusFilter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!TicketNames.TryParseStatus(status, out var parsed))
            {
                return Invalid("status must be \"open\", \"in_progress\" or \"resolved\".");
            }

            statusFilter = parsed;
        }

        return TypedResults.Ok(await tickets.ListAsync(statusFilter, string.IsNullOrEmpty(assignee) ? null : assignee, ct));
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id, TicketService tickets, CancellationToken ct)
    {
        var caller = await TicketAccess.IdentifyAsync(http);
        if (caller is null)
        {
            return Unauthorized();
        }

        var ticket = await tickets.GetAsync(id, ct);
        return ticket is not null && (caller.MayManage || ticket.CustomerId == caller.Id) ? TypedResults.Ok(ticket) : NotFound();
    }

    private static async Task<IResult> MineAsync(HttpContext http, TicketService tickets, CancellationToken ct)
    {
        var caller = await TicketAccess.IdentifyAsync(http);
        return caller?.Kind switch
        {
            null => Unauthorized(),
            TicketCallerKind.Customer => TypedResults.Ok(await tickets.ListForCustomerAsync(caller.Id, ct)),
            TicketCallerKind.Agent => TypedResults.Ok(await tickets.ListAsync(null, caller.Id, ct)),
            _ => TypedResults.Ok<IReadOnlyList<Ticket>>([]),
        };
    }

    private static IResult? Refuse(TicketCaller? caller) => caller switch
    {
        null => Unauthorized(),
        { MayManage: false } => TypedResults.Problem(statusCode: 403, title: "Only agents and integrations may do this"),
        _ => null,
    };

    private static async Task<JsonElement?> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, default, ct);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Unauthorized() => TypedResults.Problem(statusCode: 401, title: "Valid credentials are required");

    private static IResult Invalid(string detail) => TypedResults.Problem(statusCode: 400, title: "Invalid ticket request", detail: detail);

    private static IResult NotFound() => TypedResults.Problem(statusCode: 404, title: "Not found");
}
