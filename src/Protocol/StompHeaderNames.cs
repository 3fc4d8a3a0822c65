namespace CustomerChat.Protocol;

/// <summary>
/// Header names of STOMP 1.2 and of this broker's extensions. The parser returns these very string
/// instances for known names, so a frame's common headers cost no allocation.
/// </summary>
public static class StompHeaderNames
{
#pragma warning disable CS1591 // The names are their own documentation.
    public const string AcceptVersion = "accept-version";
    public const string Host = "host";
    public const string Login = "login";
    public const string Passcode = "passcode";
    public const string HeartBeat = "heart-beat";
    public const string Version = "version";
    public const string Session = "session";
    public const string Server = "server";
    public const string Destination = "destination";
    public const string ContentType = "content-type";
    public const string ContentLength = "content-length";
    public const string Receipt = "receipt";
    public const string ReceiptId = "receipt-id";
    public const string Id = "id";
    public const string Ack = "ack";
    public const string Transaction = "transaction";
    public const string Subscription = "subscription";
    public const string MessageId = "message-id";
    public const string Message = "message";
    public const string Authorization = "Authorization";
    /// <summary>RabbitMQ's name for the per-subscription bound on unacknowledged messages.</summary>
    public const string PrefetchCount = "prefetch-count";
    /// <summary>This broker's recovery header on SUBSCRIBE: replay messages after this id.</summary>
    public const string Since = "x-since";
#pragma warning restore CS1591

    private static readonly string[] Known =
    [
        AcceptVersion, Host, Login, Passcode, HeartBeat, Version, Session, Server, Destination, ContentType,
        ContentLength, Receipt, ReceiptId, Id, Ack, Transaction, Subscription, MessageId, Message, Authorization,
        PrefetchCount, Since,
    ];

    /// <summary>Returns the interned instance for a known name, or a new string for any other.</summary>
    internal static string Intern(ReadOnlySpan<byte> name)
    {
        foreach (var known in Known)
        {
            if (known.Length == name.Length && System.Text.Ascii.Equals(name, known))
            {
                return known;
            }
        }

        return System.Text.Encoding.UTF8.GetString(name);
    }
}
