using System.Text;
using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Redis;

/// <summary>
/// The pub/sub payload of a <see cref="BrokerMessage"/>: a compact binary form, so a body passes through
/// untouched (any bytes, NUL included) and nothing is re-encoded as JSON or base64.
/// <code>
/// payload     = version:u8(=2) destination message-id flags:u8 [content-type] [replay-key] header-count *(name value) body
/// string      = length:varint utf8-bytes
/// flags       = bit 0: a content-type string follows; bit 1: a replay-key string follows (a chat message's conversation)
/// header-count = varint
/// body        = the remaining bytes
/// </code>
/// </summary>
public static class RedisMessageCodec
{
    private const byte Version = 2;
    private const byte HasContentType = 1, HasStreamKey = 2;
    private static readonly Encoding Utf8 = Encoding.UTF8;

    /// <summary>Encodes a message.</summary>
    public static byte[] Encode(BrokerMessage message)
    {
        var size = 1 + SizeOf(message.Destination) + SizeOf(message.MessageId) + 1
            + (message.ContentType is null ? 0 : SizeOf(message.ContentType))
            + (message.StreamKey is null ? 0 : SizeOf(message.StreamKey));
        var headers = message.ExtraHeaders;
        size += VarIntSize((uint)(headers?.Count ?? 0));
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                size += SizeOf(name) + SizeOf(value);
            }
        }

        size += message.Body.Length;
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        span[0] = Version;
        var at = 1;
        at += WriteString(span[at..], message.Destination);
        at += WriteString(span[at..], message.MessageId);
        span[at++] = (byte)((message.ContentType is null ? 0 : HasContentType) | (message.StreamKey is null ? 0 : HasStreamKey));
        if (message.ContentType is not null)
        {
            at += WriteString(span[at..], message.ContentType);
        }

        if (message.StreamKey is not null)
        {
            at += WriteString(span[at..], message.StreamKey);
        }

        at += WriteVarInt(span[at..], (uint)(headers?.Count ?? 0));
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                at += WriteString(span[at..], name);
                at += WriteString(span[at..], value);
            }
        }

        message.Body.Span.CopyTo(span[at..]);
        return buffer;
    }

    /// <summary>Decodes a payload made by <see cref="Encode"/>; the body is a slice of <paramref name="payload"/>, not a copy.</summary>
    /// <exception cref="FormatException">Not a payload of this format.</exception>
    public static BrokerMessage Decode(byte[] payload)
    {
        if (payload.Length == 0 || payload[0] != Version)
        {
            throw new FormatException("Unknown backplane payload version.");
        }

        var at = 1;
        var destination = ReadString(payload, ref at);
        var messageId = ReadString(payload, ref at);
        var flags = ReadByte(payload, ref at);
        if ((flags & ~(HasContentType | HasStreamKey)) != 0)
        {
            throw new FormatException("Unknown flags in backplane payload.");
        }

        var contentType = (flags & HasContentType) != 0 ? ReadString(payload, ref at) : null;
        var streamKey = (flags & HasStreamKey) != 0 ? ReadString(payload, ref at) : null;
        var count = ReadVarInt(payload, ref at);
        List<KeyValuePair<string, string>>? headers = null;
        if (count > 0)
        {
            if (count > 1024)
            {
                throw new FormatException("Too many headers.");
            }

            headers = new List<KeyValuePair<string, string>>((int)count);
            for (var i = 0; i < count; i++)
            {
                var name = ReadString(payload, ref at);
                headers.Add(new(name, ReadString(payload, ref at)));
            }
        }

        return new BrokerMessage(destination, messageId, contentType, payload.AsMemory(at), headers) { StreamKey = streamKey };
    }

    private static int SizeOf(string text)
    {
        var bytes = Utf8.GetByteCount(text);
        return VarIntSize((uint)bytes) + bytes;
    }

    private static int VarIntSize(uint value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private static int WriteVarInt(Span<byte> span, uint value)
    {
        var at = 0;
        while (value >= 0x80)
        {
            span[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[at++] = (byte)value;
        return at;
    }

    private static int WriteString(Span<byte> span, string text)
    {
        var at = WriteVarInt(span, (uint)Utf8.GetByteCount(text));
        return at + Utf8.GetBytes(text, span[at..]);
    }

    private static byte ReadByte(byte[] payload, ref int at) =>
        at < payload.Length ? payload[at++] : throw new FormatException("Truncated backplane payload.");

    private static uint ReadVarInt(byte[] payload, ref int at)
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = ReadByte(payload, ref at);
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("Bad length in backplane payload.");
    }

    private static string ReadString(byte[] payload, ref int at)
    {
        var length = ReadVarInt(payload, ref at);
        if (length > payload.Length - at)
        {
            throw new FormatException("Truncated backplane payload.");
        }

        var text = Utf8.GetString(payload, at, (int)length);
        at += (int)length;
        return text;
    }
}
