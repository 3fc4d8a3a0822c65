using CustomerChat.Broker.Options;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Widget;

/// <summary>
/// Who may frame the widget (docs/protocol.md §18 "Security"): <c>/widget.html</c> gets
/// <c>frame-ancestors 'self'</c> plus every origin of <c>CustomerChat:AllowedOrigins</c> (and loopback pages on
/// any port when <c>AllowLocalhostOrigins</c> is on, as for the WebSocket); every other page keeps
/// <c>frame-ancestors 'none'</c>. Entries that are not a plain <c>http(s)://host[:port]</c> origin are left out,
/// so configuration cannot inject other directives.
/// </summary>
public sealed class WidgetFraming
{
    /// <summary>The path of the framed page.</summary>
    public const string WidgetPath = "/widget.html";

    /// <summary>Creates the policy from <c>CustomerChat:AllowedOrigins</c> and <c>AllowLocalhostOrigins</c>.</summary>
    public WidgetFraming(IOptions<CustomerChatOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sources = new List<string> { "'self'" };
        foreach (var entry in options.Value.AllowedOrigins)
        {
            if (Uri.TryCreate(entry?.Trim().TrimEnd('/'), UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.UserInfo))
            {
                sources.Add(uri.GetLeftPart(UriPartial.Authority));
            }
        }

        if (options.Value.AllowLocalhostOrigins)
        {
            sources.AddRange(["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*", "https://localhost:*", "https://127.0.0.1:*"]);
        }

        WidgetFrameAncestors = string.Join(' ', sources.Distinct(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The <c>frame-ancestors</c> sources of <c>/widget.html</c>, e.g. <c>'self' https://shop.example</c>.</summary>
    public string WidgetFrameAncestors { get; }

    /// <summary>
    /// The <c>frame-ancestors</c> sources for a request: <see cref="WidgetFrameAncestors"/> for
    /// <c>/widget.html</c> when the widget is registered, <c>'none'</c> for everything else.
    /// </summary>
    public static string FrameAncestorsFor(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Request.Path.Equals(WidgetPath, StringComparison.OrdinalIgnoreCase)
            && http.RequestServices.GetService<WidgetFraming>() is { } framing
            ? framing.WidgetFrameAncestors
            : "'none'";
    }
}
