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

    /// <summary>The known names grouped by length, so a lookup compares against two or three, not all 22.</summary>
    private static readonly string[][] KnownByLength = BuildByLength();

    /// <summary>Common <c>content-type</c> values, returned as these instances instead of new strings.</summary>
    private static readonly string[] KnownContentTypes =
    [
        "application/json", "text/plain", "application/octet-stream", "text/plain;charset=utf-8",
        "text/plain;charset=UTF-8", "application/json;charset=utf-8", "application/json;charset=UTF-8",
    ];

    /// <summary><c>content-length</c> values below this are cached strings.</summary>
    private const int CachedLengths = 8192;

    private static readonly string?[] LengthStrings = new string?[CachedLengths];

    /// <summary>Returns the interned instance for a known name, or a new string for any other.</summary>
    internal static string Intern(ReadOnlySpan<byte> name)
    {
        if (name.Length < KnownByLength.Length)
        {
            foreach (var known in KnownByLength[name.Length])
            {
                if (System.Text.Ascii.Equals(name, known))
                {
                    return known;
                }
            }
        }

        return System.Text.Encoding.UTF8.GetString(name);
    }

    /// <summary>
    /// A shared instance for a value that repeats from frame to frame (a common <c>content-type</c>, a
    /// <c>content-length</c> below 8192), or null when the value should be decoded as usual.
    /// </summary>
    internal static string? InternValue(string name, ReadOnlySpan<byte> value)
    {
        if (ReferenceEquals(name, ContentLength))
        {
            // Digits only, no sign, no leading zero (those keep their exact text): "0" to "8191".
            if (value.Length is > 0 and <= 4 && (value[0] != (byte)'0' || value.Length == 1))
            {
                var length = 0;
                foreach (var b in value)
                {
                    if (b is < (byte)'0' or > (byte)'9')
                    {
                        return null;
                    }

                    length = (length * 10) + (b - '0');
                }

                if (length < CachedLengths)
                {
                    return LengthStrings[length] ??= length.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        else if (ReferenceEquals(name, ContentType))
        {
            foreach (var known in KnownContentTypes)
            {
                if (known.Length == value.Length && System.Text.Ascii.Equals(value, known))
                {
                    return known;
                }
            }
        }

        return null;
    }

    private static string[][] BuildByLength()
    {
        var byLength = new string[Known.Max(k => k.Length) + 1][];
        for (var length = 0; length < byLength.Length; length++)
        {
            byLength[length] = Known.Where(k => k.Length == length).ToArray();
        }

        return byLength;
    }
}
