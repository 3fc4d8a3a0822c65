using CustomerChat.Broker.Identity;

namespace CustomerChat.Broker.Workspace.CannedResponses;

/// <summary>
/// The canned-response API and the suggestions (docs/protocol.md §14), agents only (401 without a valid
/// bearer token, 403 for customers):
/// <list type="bullet">
/// <item><c>GET /api/canned-responses</c> → 200 <c>[{"id", "shortCode", "content"}]</c> ordered by short code;</item>
/// <item><c>GET /api/canned-responses/{id}</c> → 200 or 404;</item>
/// <item><c>POST /api/canned-responses</c> <c>{"shortCode", "content"}</c> → 201 (400 invalid, 409 duplicate short code);</item>
/// <item><c>PUT /api/canned-responses/{id}</c> <c>{"shortCode", "content"}</c> → 200 (400, 404, 409);</item>
/// <item><c>DELETE /api/canned-responses/{id}</c> → 204 or 404;</item>
/// <item><c>GET /api/conversations/{id}/suggestions</c> → 200 <c>[{"id", "shortCode", "content", "score"}]</c>, at most 3
/// (404 for an unknown conversation).</item>
/// </list>
/// </summary>
internal static class CannedResponseEndpoints
{
    private const string Tag = "Canned responses";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/canned-responses").WithTags(Tag);
        group.MapGet("", ListAsync).WithName("ListCannedResponses")
            .Produces<IReadOnlyList<CannedResponse>>().ProducesProblem(401).ProducesProblem(403);
        group.MapGet("/{id}", GetAsync).WithName("GetCannedResponse")
            .Produces<CannedResponse>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        group.MapPost("", CreateAsync).WithName("CreateCannedResponse")
            .Accepts<CannedResponseRequest>("application/json")
            .Produces<CannedResponse>(StatusCodes.Status201Created)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(409);
        group.MapPut("/{id}", ReplaceAsync).WithName("ReplaceCannedResponse")
            .Accepts<CannedResponseRequest>("application/json")
            .Produces<CannedResponse>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteCannedResponse")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);

        endpoints.MapGet("/api/conversations/{id}/suggestions", SuggestAsync).WithName("GetSuggestions").WithTags(Tag)
            .Produces<IReadOnlyList<CannedSuggestion>>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
    }

    private static async Task<IResult> ListAsync(HttpContext http, TokenService tokens, ICannedResponseStore store, CancellationToken ct)
    {
        var (_, refusal) = await WorkspaceHttp.RequireAgentAsync(http, tokens);
        return refusal ?? TypedResults.Ok(await store.ListAsync(ct));
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id, TokenService tokens, ICannedResponseStore store, CancellationToken ct)
    {
        var (_, refusal) = await WorkspaceHttp.RequireAgentAsync(http, tokens);
        if (refusal is not null)
        {
            return refusal;
        }

        return await store.GetAsync(id, ct) is { } response ? TypedResults.Ok(response) : NotFound();
    }

    private static async Task<IResult> CreateAsync(HttpContext http, TokenService tokens, ICannedResponseStore store, CancellationToken ct)
    {
        var (_, refusal) = await WorkspaceHttp.RequireAgentAsync(http, tokens);
        if (refusal is not null)
        {
            return refusal;
        }

        var request = await WorkspaceHttp.ReadBodyAsync<CannedResponseRequest>(http, ct);
        if (CannedResponseRules.Validate(request) is { } invalid)
        {
            return Invalid(invalid);
        }

        var response = new CannedResponse("cr-" + Guid.NewGuid().ToString("N"), request!.ShortCode!, request.Content!);
        return await store.CreateAsync(response, ct) switch
        {
            CannedWriteOutcome.Done => TypedResults.Created($"/api/canned-responses/{response.Id}", response),
            _ => Duplicate(response.ShortCode),
        };
    }

    private static async Task<IResult> ReplaceAsync(HttpContext http, string id, TokenService tokens, ICannedResponseStore store, CancellationToken ct)
    {
        var (_, refusal) = await WorkspaceHttp.RequireAgentAsync(http, tokens);
        if (refusal is not null)
        {
            return refusal;
        }

        var request = await WorkspaceHttp.ReadBodyAsync<CannedResponseRequest>(http, ct);
        if (CannedResponseRules.Validate(request) is { } invalid)
        {
            return Invalid(invalid);
        }

        var response = new CannedResponse(id, request!.ShortCode!, request.Content!);
        return await store.ReplaceAsync(response, ct) switch
        {
            CannedWriteOutcome.Done => TypedResults.Ok(response),
            CannedWriteOutcome.DuplicateShortCode => Duplicate(response.ShortCode),
            _ => NotFound(),
        };
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string id, TokenService tokens, ICannedResponseStore store, CancellationToken ct)
    {
        var (_, refusal) = await WorkspaceHttp.RequireAgentAsync(http, tokens);
        if (refusal is not null)
        {
            return refusal;
        }

        return await store.DeleteAsync(id, ct) == CannedWriteOutcome.Done ? TypedResults.NoContent() : NotFound();
    }

    private static async Task<IResult> SuggestAsync(HttpContext http, string id, TokenService tokens, ICannedResponseStore store,
        ICustomerLastMessage lastMessage, CancellationToken ct)
    {
        var (_, refusal) = await WorkspaceHttp.RequireAgentAsync(http, tokens);
        if (refusal is not null)
        {
            return refusal;
        }

        var message = await lastMessage.GetAsync(id, ct);
        if (message is null)
        {
            return NotFound();
        }

        var responses = await store.ListAsync(ct);
        return TypedResults.Ok(SuggestionRanker.Rank(message, responses));
    }

    private static IResult Invalid(string detail) => TypedResults.Problem(statusCode: 400, title: "Invalid canned response", detail: detail);

    private static IResult NotFound() => TypedResults.Problem(statusCode: 404, title: "Not found");

    private static IResult Duplicate(string shortCode) =>
        TypedResults.Problem(statusCode: 409, title: "Duplicate short code", detail: $"Another canned response already uses the short code '{shortCode}'.");
}
