namespace CustomerChat.Broker.Stomp;

/// <summary>The <c>code</c> values of a <see cref="Refusal"/> (docs/protocol.md §7).</summary>
public static class ErrorCodes
{
#pragma warning disable CS1591
    public const string Forbidden = "forbidden";
    public const string Invalid = "invalid";
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string RateLimited = "rate_limited";
    public const string Unavailable = "unavailable";
    public const string Rejected = "rejected";
#pragma warning restore CS1591
}
