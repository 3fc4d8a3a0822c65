using CustomerChat.Broker.Options;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// Which browser origins may open the WebSocket or call the API (docs/protocol.md §1, §6): no <c>Origin</c> header
/// (not a browser), the broker's own origin, localhost when <c>AllowLocalhostOrigins</c>, and the
/// <c>CustomerChat:AllowedOrigins</c> list. Everything else gets 403 before any frame.
/// </summary>
public sealed class OriginPolicy(IOptions<CustomerChatOptions> options)
{
    private readonly HashSet<string> _allowed = new(
        options.Value.AllowedOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the request's <c>Origin</c> is allowed.</summary>
    public bool IsAllowed(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin))
        {
            return true;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false;
        }

        if (string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (options.Value.AllowLocalhostOrigins && (uri.IsLoopback || uri.Host == "localhost"))
        {
            return true;
        }

        return _allowed.Contains(origin.TrimEnd('/'));
    }
}
