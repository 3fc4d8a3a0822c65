using System.Text.RegularExpressions;
using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Identity;

namespace CustomerChat.Broker.Workspace.Invitations;

/// <summary>
/// <c>POST /api/invitations</c> <c>{"customerName", "email"?, "message"?}</c> (agents; docs/protocol.md §14
/// "Invitations") → 201 <c>{"url", "conversationId", "expiresAt"}</c>. <c>url</c> is the customer page of the host
/// the request came to (<c>{scheme}://{host}{pathBase}/?invitation=&lt;token&gt;</c>). 400 for a missing or longer
/// than 80 characters <c>customerName</c>, a malformed <c>email</c> or a <c>message</c> over 4000 code points;
/// 401/403; 409 when the new conversation was taken before the agent held it (retry).
/// </summary>
internal static partial class InvitationEndpoints
{
    /// <summary>The longest customer name.</summary>
    public const int MaxNameLength = 80;

    /// <summary>Maps the endpoint.</summary>
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/invitations", PostAsync)
            .WithName("CreateInvitation").WithTags("Workspace")
            .Accepts<InvitationRequest>("application/json")
            .Produces<InvitationResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<IResult> PostAsync(HttpContext http, TokenService tokens, InvitationService invitations)
    {
        var (agent, refusal) = await WorkspaceHttp.RequireAgentAsync(http, tokens);
        if (refusal is not null)
        {
            return refusal;
        }

        var request = await WorkspaceHttp.ReadBodyAsync<InvitationRequest>(http, http.RequestAborted);
        var name = request?.CustomerName?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return Invalid($"'customerName' is required, 1-{MaxNameLength} characters.");
        }

        var email = string.IsNullOrWhiteSpace(request!.Email) ? null : request.Email.Trim();
        if (email is not null && (email.Length > 254 || !EmailShape().IsMatch(email)))
        {
            return Invalid("'email' must be an address of the form name@example.com.");
        }

        if (request.Message is { } message && message.EnumerateRunes().Count() > ConversationService.MaxMessageCodePoints)
        {
            return Invalid($"'message' is longer than {ConversationService.MaxMessageCodePoints} characters.");
        }

        var invited = await invitations.InviteAsync(agent!, name, email, request.Message);
        if (invited is not { } done)
        {
            return TypedResults.Problem(statusCode: 409, title: "The invitation could not be opened; try again.");
        }

        var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/?invitation={Uri.EscapeDataString(done.Token.Token)}";
        var body = new InvitationResponse(url, done.Conversation.Id, done.Token.ExpiresAt);
        return Results.Json(body, WorkspaceJsonContext.Default.InvitationResponse, statusCode: StatusCodes.Status201Created);
    }

    private static IResult Invalid(string detail) => TypedResults.Problem(statusCode: 400, title: "Invalid invitation", detail: detail);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();
}
