using CustomerChat.Protocol;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// One published message, shared by every subscriber it reaches. The MESSAGE frame's common part
/// (headers, body, NUL) is encoded once per STOMP version on first use, so a fan-out to N subscribers
/// costs one encoding, not N (the SignalR <c>SerializedHubMessage</c> habit); each subscriber only adds
/// its <c>subscription</c> and <c>ack</c> headers.
/// </summary>
public sealed class BrokerMessage
{
    private readonly byte[]?[] _tails = new byte[3][];
    private int _utf8Body; // 0 = not checked yet, 1 = valid UTF-8, 2 = not

    /// <summary>A message for <paramref name="destination"/> with the given id, content type and body.</summary>
    /// <param name="destination">The <c>destination</c> header subscribers see, e.g. <c>/topic/news</c> or <c>/user/queue/messages</c>.</param>
    /// <param name="messageId">The <c>message-id</c> header; for chat messages the stream id <c>ms-seq</c>.</param>
    /// <param name="contentType">The <c>content-type</c> header, or null for none.</param>
    /// <param name="body">The body bytes, shared and never mutated.</param>
    /// <param name="extraHeaders">Headers passed through from the SEND (user-defined ones), or null.</param>
    public BrokerMessage(string destination, string messageId, string? contentType, ReadOnlyMemory<byte> body, IReadOnlyList<KeyValuePair<string, string>>? extraHeaders = null)
    {
        Destination = destination;
        MessageId = messageId;
        ContentType = contentType;
        Body = body;
        ExtraHeaders = extraHeaders;
    }

    /// <summary>
    /// The stream this message belongs to, when its id is unique only within a stream (e.g. one history
    /// stream per conversation); null when the message id is unique on its own. Opaque to the STOMP core,
    /// which only compares it (with the id) to tell an initial message from a held live copy of it; carried
    /// over the backplane.
    /// </summary>
    public string? StreamKey { get; init; }

    /// <summary>The <c>destination</c> header.</summary>
    public string Destination { get; }

    /// <summary>The <c>message-id</c> header.</summary>
    public string MessageId { get; }

    /// <summary>The <c>content-type</c> header, or null.</summary>
    public string? ContentType { get; }

    /// <summary>The body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Other headers carried to subscribers.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? ExtraHeaders { get; }

    /// <summary>
    /// Whether the body is valid UTF-8, so the MESSAGE may travel in a text WebSocket message (the headers are
    /// encoded from strings, so always are). Checked on first use and remembered: once per publish, not per delivery.
    /// </summary>
    public bool IsUtf8Body
    {
        get
        {
            var known = Volatile.Read(ref _utf8Body);
            if (known == 0)
            {
                known = System.Text.Unicode.Utf8.IsValid(Body.Span) ? 1 : 2;
                Volatile.Write(ref _utf8Body, known);
            }

            return known == 1;
        }
    }

    /// <summary>An estimate of the bytes one delivery puts on the wire, for outbound queue accounting.</summary>
    public int EstimatedSize => Body.Length + Destination.Length + MessageId.Length + 96;

    /// <summary>The encoded headers, body and NUL for <paramref name="version"/>; built once, then shared.</summary>
    public byte[] GetEncodedTail(StompVersion version)
    {
        var slot = version switch { StompVersion.V1_0 => 0, StompVersion.V1_1 => 1, _ => 2 };
        var tail = Volatile.Read(ref _tails[slot]);
        if (tail is not null)
        {
            return tail;
        }

        var headers = new StompHeaders(4 + (ExtraHeaders?.Count ?? 0));
        headers.Add(StompHeaderNames.Destination, Destination);
        headers.Add(StompHeaderNames.MessageId, MessageId);
        if (ContentType is not null)
        {
            headers.Add(StompHeaderNames.ContentType, ContentType);
        }

        if (ExtraHeaders is not null)
        {
            foreach (var (name, value) in ExtraHeaders)
            {
                // STOMP 1.0 has no escaping: a header carrying an EOL (or a name with ':') would
                // inject headers into a 1.0 subscriber's frame, so it is left out for 1.0 only.
                if (version == StompVersion.V1_0 && (name.AsSpan().IndexOfAny(":\r\n") >= 0 || value.AsSpan().IndexOfAny("\r\n") >= 0))
                {
                    continue;
                }

                headers.Add(name, value);
            }
        }

        tail = StompWriter.EncodeMessageTail(headers, Body.Span, version);
        return Interlocked.CompareExchange(ref _tails[slot], tail, null) ?? tail;
    }
}
