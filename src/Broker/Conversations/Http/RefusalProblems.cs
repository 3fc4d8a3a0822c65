using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// A chat <see cref="Refusal"/> as an RFC 7807 problem for the HTTP doors (docs/protocol.md §16 "HTTP doors"):
/// <c>invalid</c> and <c>rejected</c> → 400, <c>forbidden</c> → 403, <c>not_found</c> → 404, <c>conflict</c> → 409,
/// <c>rate_limited</c> → 429, <c>unavailable</c> → 503. The problem's <c>detail</c> is the refusal's message and the
/// extension member <c>code</c> is its code, exactly as <c>/user/queue/errors</c> would carry it over STOMP.
/// </summary>
public static class RefusalProblems
{
    /// <summary>The HTTP status of a refusal code (500 for a code this table does not know).</summary>
    public static int StatusOf(string code) => code switch
    {
        ErrorCodes.Invalid or ErrorCodes.Rejected => StatusCodes.Status400BadRequest,
        ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.Conflict => StatusCodes.Status409Conflict,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorCodes.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The problem for <paramref name="refusal"/>.</summary>
    public static IResult ToProblem(Refusal refusal)
    {
        var title = refusal.Code switch
        {
            ErrorCodes.Invalid => "Invalid request",
            ErrorCodes.Rejected => "Message rejected",
            ErrorCodes.Forbidden => "Not allowed",
            ErrorCodes.NotFound => "Not found",
            ErrorCodes.Conflict => "Conflict",
            ErrorCodes.RateLimited => "Too many requests",
            ErrorCodes.Unavailable => "Storage unavailable",
            _ => "Refused",
        };
        return TypedResults.Problem(statusCode: StatusOf(refusal.Code), title: title, detail: refusal.Message,
            extensions: new Dictionary<string, object?> { ["code"] = refusal.Code });
    }
}
