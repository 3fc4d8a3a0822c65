namespace CustomerChat.Protocol.Chat;

/// <summary>
/// A refusal on <c>/user/queue/errors</c>: <c>{"type":"error","code","message","destination"}</c>
/// (docs/protocol.md §7). <c>code</c> is one of <c>forbidden</c>, <c>invalid</c>, <c>not_found</c>,
/// <c>conflict</c>, <c>rate_limited</c>, <c>unavailable</c>.
/// </summary>
public sealed record ErrorEvent(string Code, string Message, string Destination)
{
    /// <summary>Always <c>error</c>.</summary>
    public string Type => "error";
}
