namespace CustomerChat.Protocol;

/// <summary>Version strings and negotiation (STOMP 1.2 §"Protocol Negotiation").</summary>
public static class StompVersions
{
    /// <summary>The <c>version</c> header value, e.g. <c>1.2</c>.</summary>
    public static string ToHeaderValue(StompVersion version) => version switch
    {
        StompVersion.V1_0 => "1.0",
        StompVersion.V1_1 => "1.1",
        _ => "1.2",
    };

    /// <summary>The WebSocket sub-protocol name for a version, e.g. <c>v12.stomp</c>.</summary>
    public static string ToSubProtocol(StompVersion version) => version switch
    {
        StompVersion.V1_0 => "v10.stomp",
        StompVersion.V1_1 => "v11.stomp",
        _ => "v12.stomp",
    };

    /// <summary>Parses a WebSocket sub-protocol name (<c>v10.stomp</c>, <c>v11.stomp</c>, <c>v12.stomp</c>); null when not one.</summary>
    public static StompVersion? FromSubProtocol(string? name) => name switch
    {
        "v10.stomp" => StompVersion.V1_0,
        "v11.stomp" => StompVersion.V1_1,
        "v12.stomp" => StompVersion.V1_2,
        _ => null,
    };

    /// <summary>
    /// Picks the highest version in a CONNECT frame's <c>accept-version</c> header (comma separated,
    /// e.g. <c>1.0,1.1,1.2</c>) that the server supports. A missing header means 1.0, as the spec says.
    /// Returns null when no offered version is supported; the server then answers ERROR with
    /// <c>version</c> listing what it supports.
    /// </summary>
    public static StompVersion? Negotiate(string? acceptVersion)
    {
        if (string.IsNullOrEmpty(acceptVersion))
        {
            return StompVersion.V1_0;
        }

        StompVersion? best = null;
        foreach (var range in acceptVersion.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            StompVersion? offered = range switch
            {
                "1.0" => StompVersion.V1_0,
                "1.1" => StompVersion.V1_1,
                "1.2" => StompVersion.V1_2,
                _ => null,
            };
            if (offered is { } v && (best is null || v > best))
            {
                best = v;
            }
        }

        return best;
    }

    /// <summary>The server's <c>version</c> header in an ERROR for a failed negotiation.</summary>
    public const string Supported = "1.0,1.1,1.2";
}
