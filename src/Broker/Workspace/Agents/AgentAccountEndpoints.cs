using System.Text.Json;
using CustomerChat.Broker.Departments;
using CustomerChat.Broker.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>
/// The accounts API (docs/protocol.md §15), administrators only (401 without a valid bearer token, 403 for a
/// customer or an agent that is not an administrator):
/// <list type="bullet">
/// <item><c>GET /api/agents/me</c> → 200 the calling agent's own account (any agent; 403 for customers);</item>
/// <item><c>GET /api/agents</c> → 200 <c>[AgentAccountView]</c>, configured and stored accounts by username;</item>
/// <item><c>GET /api/agents/{username}</c> → 200 or 404;</item>
/// <item><c>POST /api/agents</c> <see cref="AgentAccountRequest"/> → 201 (400 invalid, 409 username taken);</item>
/// <item><c>PUT /api/agents/{username}</c> → 200 (400, 404, 409 configured account or own account disabled/demoted);</item>
/// <item><c>DELETE /api/agents/{username}</c> → 204 (404, 409 configured or own account).</item>
/// </list>
/// </summary>
internal static class AgentAccountEndpoints
{
    private const string Tag = "Agent accounts";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/agents").WithTags(Tag);
        group.MapGet("", ListAsync).WithName("ListAgentAccounts")
            .Produces<IReadOnlyList<AgentAccountView>>().ProducesProblem(401).ProducesProblem(403);
        group.MapGet("/me", MeAsync).WithName("GetOwnAgentAccount")
            .Produces<AgentAccountView>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        group.MapGet("/{username}", GetAsync).WithName("GetAgentAccount")
            .Produces<AgentAccountView>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        group.MapPost("", CreateAsync).WithName("CreateAgentAccount")
            .Accepts<AgentAccountRequest>("application/json")
            .Produces<AgentAccountView>(StatusCodes.Status201Created)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(409);
        group.MapPut("/{username}", UpdateAsync).WithName("UpdateAgentAccount")
            .Accepts<AgentAccountRequest>("application/json")
            .Produces<AgentAccountView>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapDelete("/{username}", DeleteAsync).WithName("DeleteAgentAccount")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
    }

    private static async Task<IResult> ListAsync(HttpContext http, TokenService tokens, AgentDirectory directory, AgentAccountService accounts, CancellationToken ct)
    {
        var (_, refusal) = await RequireAdminAsync(http, tokens, directory);
        return refusal ?? TypedResults.Ok(await accounts.ListAsync(ct));
    }

    private static async Task<IResult> MeAsync(HttpContext http, TokenService tokens, AgentAccountService accounts, CancellationToken ct)
    {
        var (agent, refusal) = await WorkspaceHttp.RequireAgentAsync(http, tokens);
        if (refusal is not null)
        {
            return refusal;
        }

        return await accounts.GetAsync(agent!.UserId, ct) is { } view ? TypedResults.Ok(view) : NotFound();
    }

    private static async Task<IResult> GetAsync(HttpContext http, string username, TokenService tokens, AgentDirectory directory, AgentAccountService accounts, CancellationToken ct)
    {
        var (_, refusal) = await RequireAdminAsync(http, tokens, directory);
        if (refusal is not null)
        {
            return refusal;
        }

        return await accounts.GetAsync(username, ct) is { } view ? TypedResults.Ok(view) : NotFound();
    }

    private static async Task<IResult> CreateAsync(HttpContext http, TokenService tokens, AgentDirectory directory, AgentAccountService accounts,
        [FromServices] DepartmentDirectory? departments, CancellationToken ct)
    {
        var (admin, refusal) = await RequireAdminAsync(http, tokens, directory);
        if (refusal is not null)
        {
            return refusal;
        }

        var (patch, invalid) = await ReadPatchAsync(http, create: true, departments, ct);
        if (invalid is not null)
        {
            return invalid;
        }

        var (outcome, view) = await accounts.CreateAsync(patch!, admin!, ct);
        return outcome == AgentChangeOutcome.Done
            ? TypedResults.Created($"/api/agents/{Uri.EscapeDataString(view!.Username)}", view)
            : Refuse(outcome);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string username, TokenService tokens, AgentDirectory directory, AgentAccountService accounts,
        [FromServices] DepartmentDirectory? departments, CancellationToken ct)
    {
        var (admin, refusal) = await RequireAdminAsync(http, tokens, directory);
        if (refusal is not null)
        {
            return refusal;
        }

        var (patch, invalid) = await ReadPatchAsync(http, create: false, departments, ct);
        if (invalid is not null)
        {
            return invalid;
        }

        if (patch!.Username is not null && patch.Username != username)
        {
            return Invalid("username cannot change: create a new account instead.");
        }

        var (outcome, view) = await accounts.UpdateAsync(username, patch, admin!, ct);
        return outcome == AgentChangeOutcome.Done ? TypedResults.Ok(view) : Refuse(outcome);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string username, TokenService tokens, AgentDirectory directory, AgentAccountService accounts, CancellationToken ct)
    {
        var (admin, refusal) = await RequireAdminAsync(http, tokens, directory);
        if (refusal is not null)
        {
            return refusal;
        }

        var outcome = await accounts.DeleteAsync(username, admin!, ct);
        return outcome == AgentChangeOutcome.Done ? TypedResults.NoContent() : Refuse(outcome);
    }

    /// <summary>The administrator's username, or the problem to answer instead (401 or 403).</summary>
    private static async Task<(string? Admin, IResult? Refusal)> RequireAdminAsync(HttpContext http, TokenService tokens, AgentDirectory directory)
    {
        var user = await BearerUser.GetAsync(http, tokens);
        if (user is null)
        {
            return (null, TypedResults.Problem(statusCode: 401, title: "A valid bearer token is required"));
        }

        return user.IsAgent && directory.IsAdmin(user.UserId)
            ? (user.UserId, null)
            : (null, TypedResults.Problem(statusCode: 403, title: "Only administrators may manage agent accounts"));
    }

    private static async Task<(AgentAccountPatch? Patch, IResult? Invalid)> ReadPatchAsync(HttpContext http, bool create, DepartmentDirectory? departments, CancellationToken ct)
    {
        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body, WorkspaceHttp.Json, ct);
        }
        catch (JsonException)
        {
            return (null, Invalid("The body must be a JSON object."));
        }

        var error = AgentAccountRules.Parse(body, out var patch) ?? AgentAccountRules.Validate(patch, create, departments);
        return error is null ? (patch, null) : (null, Invalid(error));
    }

    private static IResult Refuse(AgentChangeOutcome outcome) => outcome switch
    {
        AgentChangeOutcome.NotFound => NotFound(),
        AgentChangeOutcome.Configured => TypedResults.Problem(statusCode: 409, title: "Configured account",
            detail: "This account comes from CustomerChat:Agents and is read-only here: change the configuration instead."),
        AgentChangeOutcome.Taken => TypedResults.Problem(statusCode: 409, title: "Username taken", detail: "Another account already uses this username."),
        AgentChangeOutcome.OwnAccount => TypedResults.Problem(statusCode: 409, title: "Own account",
            detail: "An administrator cannot disable, delete or demote its own account."),
        _ => TypedResults.Problem(statusCode: 409, title: "Concurrent change", detail: "The account kept changing; read it again and retry."),
    };

    private static IResult Invalid(string detail) => TypedResults.Problem(statusCode: 400, title: "Invalid agent account", detail: detail);

    private static IResult NotFound() => TypedResults.Problem(statusCode: 404, title: "Not found");
}
