using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Identity;

namespace CustomerChat.Broker.Workspace.DataProtection;

/// <summary>
/// Data protection (docs/protocol.md §14 "Data protection"):
/// <list type="bullet">
/// <item><c>GET /api/customers/{id}/export</c> (administrators) → 200 <see cref="CustomerExport"/> with notes; 404
/// when nothing is kept about the customer;</item>
/// <item><c>GET /api/me/export</c> (the customer itself) → 200 <see cref="CustomerExport"/> without notes (empty lists
/// when nothing is kept);</item>
/// <item><c>DELETE /api/customers/{id}</c> (administrators) → 204 once everything is erased and its sessions ended; 404
/// when nothing was kept and no session was open.</item>
/// </list>
/// No or a wrong credential 401; other callers (agents who are not administrators, API keys, customers on the
/// administrators' endpoints, agents on <c>/api/me/export</c>) 403.
/// </summary>
internal static class DataProtectionEndpoints
{
    /// <summary>Maps the three endpoints.</summary>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/customers/{id}/export", ExportAsync)
            .WithName("ExportCustomer").WithTags("Workspace")
            .Produces<CustomerExport>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        endpoints.MapGet("/api/me/export", ExportMineAsync)
            .WithName("ExportMyData").WithTags("Workspace")
            .Produces<CustomerExport>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        endpoints.MapDelete("/api/customers/{id}", EraseAsync)
            .WithName("EraseCustomer").WithTags("Workspace")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ExportAsync(HttpContext http, string id, CustomerDataService data)
    {
        if (await RequireAdminAsync(http) is { } refusal)
        {
            return refusal;
        }

        if (!await data.ExistsAsync(id, http.RequestAborted))
        {
            return TypedResults.Problem(statusCode: 404, title: "Nothing is kept about this customer");
        }

        var export = await data.ExportAsync(id, MessageVisibility.Agent, http.RequestAborted);
        return Results.Json(export, WorkspaceJsonContext.Default.CustomerExport);
    }

    private static async Task<IResult> ExportMineAsync(HttpContext http, CustomerDataService data)
    {
        var caller = await HttpCaller.GetAsync(http);
        if (caller is null)
        {
            return HttpCaller.Unauthorized();
        }

        if (!caller.IsCustomer)
        {
            return HttpCaller.Forbidden("Only a customer exports its own data here; administrators use /api/customers/{id}/export.");
        }

        var export = await data.ExportAsync(caller.User!.UserId, MessageVisibility.For(caller.User), http.RequestAborted);
        return Results.Json(export, WorkspaceJsonContext.Default.CustomerExport);
    }

    private static async Task<IResult> EraseAsync(HttpContext http, string id, CustomerDataService data)
    {
        if (await RequireAdminAsync(http) is { } refusal)
        {
            return refusal;
        }

        return await data.EraseAsync(id, http.RequestAborted)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: 404, title: "Nothing is kept about this customer");
    }

    private static async Task<IResult?> RequireAdminAsync(HttpContext http)
    {
        var caller = await HttpCaller.GetAsync(http);
        if (caller is null)
        {
            return HttpCaller.Unauthorized();
        }

        return caller.IsAdmin ? null : HttpCaller.Forbidden("Only administrators may do this.");
    }
}
