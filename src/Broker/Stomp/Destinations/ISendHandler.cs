using CustomerChat.Protocol;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// Serves SEND frames to one destination (the destination-handler seam: a capability registers one per
/// destination it owns, e.g. <c>/chat/message</c>). The session has already checked the frame against the
/// <see cref="IDestinationPolicy"/> and the per-connection rate limit; the handler reads the body and headers,
/// does the work and returns null when done (the session then sends the RECEIPT, so "done" must mean
/// "stored"), or a <see cref="Refusal"/> that goes to the session's error queue instead of a RECEIPT.
/// Called on the connection's read loop, one frame at a time per connection.
/// </summary>
public interface ISendHandler
{
    /// <summary>The destination served, exactly as clients write it, e.g. <c>/chat/claim</c>.</summary>
    string Destination { get; }

    /// <summary>Handles one SEND of <paramref name="session"/> (whose <see cref="StompSession.User"/> is set).</summary>
    /// <exception cref="BackplaneUnavailableException">The store cannot take it now; the client is told to try again.</exception>
    ValueTask<Refusal?> HandleAsync(StompSession session, StompFrame frame);
}
