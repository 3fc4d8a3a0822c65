namespace CustomerChat.Broker.Stomp;

/// <summary>
/// A non-fatal refusal of a frame: delivered on the session's error queue in the shape the application's
/// <see cref="IRefusalEncoder"/> gives it (the chat's is <c>{"type":"error","code","message","destination"}</c>
/// on <c>/user/queue/errors</c>, docs/protocol.md §7); the refused frame gets no RECEIPT.
/// </summary>
/// <param name="Code">One of <see cref="ErrorCodes"/>.</param>
/// <param name="Message">A human-readable reason that names the offending field where there is one.</param>
/// <param name="Destination">The destination of the refused frame.</param>
public sealed record Refusal(string Code, string Message, string Destination)
{
    /// <summary>Not allowed for this user (also used for things that are not the user's, existing or not).</summary>
    public static Refusal Forbidden(string destination, string message) => new(ErrorCodes.Forbidden, message, destination);

    /// <summary>A body or header failed validation.</summary>
    public static Refusal Invalid(string destination, string message) => new(ErrorCodes.Invalid, message, destination);

    /// <summary>Nothing there (only where saying so reveals nothing about other users).</summary>
    public static Refusal NotFound(string destination, string message) => new(ErrorCodes.NotFound, message, destination);

    /// <summary>The state does not allow it now (e.g. already claimed).</summary>
    public static Refusal Conflict(string destination, string message) => new(ErrorCodes.Conflict, message, destination);

    /// <summary>The store (Redis) cannot be reached: nothing was stored, the client may send again.</summary>
    public static Refusal Unavailable(string destination, string message) => new(ErrorCodes.Unavailable, message, destination);

    /// <summary>A content rule refused the message (docs/protocol.md §13).</summary>
    public static Refusal Rejected(string destination, string message) => new(ErrorCodes.Rejected, message, destination);

    /// <summary>Too many frames too fast.</summary>
    public static Refusal RateLimited(string destination, string message) => new(ErrorCodes.RateLimited, message, destination);
}
