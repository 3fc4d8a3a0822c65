using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Identity;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Workspace.Transcripts;

/// <summary>
/// Transcripts (docs/protocol.md §14 "Transcripts"), for the conversation's customer or any agent (anyone else
/// 404, no token 401):
/// <list type="bullet">
/// <item><c>GET /api/conversations/{id}/transcript</c> → <c>text/plain; charset=utf-8</c> by
/// <see cref="TranscriptFormatter"/>, read with the caller's <see cref="MessageVisibility"/> (notes for agents only);</item>
/// <item><c>POST /api/conversations/{id}/transcript/email</c> <c>{"to"?}</c> → 200 <c>{"to"}</c>: the transcript as a
/// customer sees it (never with notes, whoever asks) to <c>to</c>, else to the conversation's customer email
/// (from the guest token or invitation), else the calling customer's token email. 503 without SMTP, 400 without a
/// recipient or with an invalid one, 502 when the SMTP server fails.</item>
/// </list>
/// </summary>
internal static class TranscriptEndpoints
{
    /// <summary>The subject of a transcript email.</summary>
    public const string Subject = "Your chat transcript";

    /// <summary>Maps both endpoints.</summary>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/conversations/{id}/transcript", GetAsync)
            .WithName("GetTranscript").WithTags("Workspace")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        endpoints.MapPost("/api/conversations/{id}/transcript/email", EmailAsync)
            .WithName("EmailTranscript").WithTags("Workspace")
            .Accepts<TranscriptEmailRequest>("application/json")
            .Produces<TranscriptEmailResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id, TokenService tokens, IConversationStore store, ConversationHistory history)
    {
        var (user, conversation, refusal) = await AuthorizeAsync(http, id, tokens, store);
        if (refusal is not null)
        {
            return refusal;
        }

        var text = await FormatAsync(history, conversation!.Id, MessageVisibility.For(user!));
        return Results.Text(text, "text/plain; charset=utf-8");
    }

    private static async Task<IResult> EmailAsync(HttpContext http, string id, TokenService tokens, IConversationStore store,
        ConversationHistory history, ITranscriptMailer mailer)
    {
        var (user, conversation, refusal) = await AuthorizeAsync(http, id, tokens, store);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!mailer.IsConfigured)
        {
            return TypedResults.Problem(statusCode: 503, title: "Email is not configured", detail: TranscriptMailResult.NotConfigured.Error);
        }

        var request = http.Request.ContentLength is 0 ? null : await WorkspaceHttp.ReadBodyAsync<TranscriptEmailRequest>(http, http.RequestAborted);
        var to = Blank(request?.To) ?? conversation!.CustomerEmail ?? (user!.IsAgent ? null : user.Email);
        if (to is null)
        {
            return TypedResults.Problem(statusCode: 400, title: "No recipient",
                detail: "Give 'to': the conversation's customer left no email address.");
        }

        // Whoever asks, an email is the customer's view: it may be forwarded anywhere.
        var text = await FormatAsync(history, conversation!.Id, MessageVisibility.Customer);
        var result = await mailer.SendAsync(to, Subject, text, http.RequestAborted);
        return result.Status switch
        {
            TranscriptMailStatus.Sent => Results.Json(new TranscriptEmailResponse(to), WorkspaceHttp.Json),
            TranscriptMailStatus.NotConfigured => TypedResults.Problem(statusCode: 503, title: "Email is not configured", detail: result.Error),
            TranscriptMailStatus.InvalidRecipient => TypedResults.Problem(statusCode: 400, title: "Invalid recipient", detail: result.Error),
            _ => TypedResults.Problem(statusCode: 502, title: "The email could not be sent", detail: result.Error),
        };
    }

    /// <summary>The transcript of a conversation as <paramref name="viewer"/> may see it.</summary>
    public static async Task<string> FormatAsync(ConversationHistory history, string conversationId, MessageVisibility viewer)
    {
        var messages = await history.ReadAllAsync(conversationId, null, viewer).ConfigureAwait(false);
        return TranscriptFormatter.Format(messages.Select(m => new TranscriptEntry(m.Timestamp, m.SenderName, m.Message, m.Private)), viewer.SeesNotes);
    }

    private static async Task<(UserIdentity? User, ConversationView? Conversation, IResult? Refusal)> AuthorizeAsync(
        HttpContext http, string id, TokenService tokens, IConversationStore store)
    {
        var user = await BearerUser.GetAsync(http, tokens);
        if (user is null)
        {
            return (null, null, TypedResults.Problem(statusCode: 401, title: "A valid bearer token is required"));
        }

        var conversation = await store.GetAsync(id);
        return conversation is null || !(user.IsAgent || conversation.CustomerId == user.UserId)
            ? (user, null, TypedResults.Problem(statusCode: 404, title: "Not found"))
            : (user, conversation, null);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
