using System.Text;
using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Redis;

/// <summary>
/// The pub/sub payload of a <see cref="BrokerMessage"/>: a compact binary form, so a body passes through
/// untouched (any bytes, NUL included) and nothing is re-encoded as JSON or base64.
/// <code>
/// payload     = version:u8(=2) destination message-id flags:u8 [content-type] [replay-key] [id-slot] header-count *(name value) body
///             / version:u8(=3) id-ascii 0x00 v2-payload-with-id-slot
/// string      = length:varint utf8-bytes
/// flags       = bit 0: a content-type string follows; bit 1: a replay-key string follows (a chat message's conversation);
///               bit 2: an id slot follows
/// id-slot     = varint: the byte offset in the body where the message id goes
/// header-count = varint
/// body        = the remaining bytes
/// </code>
/// The version 3 frame is what the history's append-and-publish script sends (docs/SCALING.md "Order"): the
/// message is encoded before Redis assigns its id, with an empty <c>message-id</c> and the id left out of the body
/// at the id slot; the script prepends <c>0x03 id 0x00</c>, and <see cref="Decode"/> puts the id in both places.
/// </summary>
public static class RedisMessageCodec
{
    private const byte Version = 2;
    private const byte HasContentType = 1, HasStreamKey = 2, HasIdSlot = 4;
    private const byte SplicedVersion = 3;
    private static readonly Encoding Utf8 = Encoding.UTF8;

    /// <summary>Encodes a message.</summary>
    public static byte[] Encode(BrokerMessage message) => Encode(message, -1);

    /// <summary>
    /// Encodes a message whose id is not known yet, for the version 3 frame: <paramref name="idSlot"/> is the byte
    /// offset in the body where the id goes (the body and <c>message-id</c> carry none).
    /// </summary>
    public static byte[] EncodeWithIdSlot(BrokerMessage message, int idSlot) =>
        idSlot >= 0 && idSlot <= message.Body.Length ? Encode(message, idSlot) : throw new ArgumentOutOfRangeException(nameof(idSlot));

    private static byte[] Encode(BrokerMessage message, int idSlot)
    {
        var size = 1 + SizeOf(message.Destination) + SizeOf(message.MessageId) + 1
            + (message.ContentType is null ? 0 : SizeOf(message.ContentType))
            + (message.StreamKey is null ? 0 : SizeOf(message.StreamKey))
            + (idSlot < 0 ? 0 : VarIntSize((uint)idSlot));
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
        span[at++] = (byte)((message.ContentType is null ? 0 : HasContentType) | (message.StreamKey is null ? 0 : HasStreamKey) | (idSlot < 0 ? 0 : HasIdSlot));
        if (message.ContentType is not null)
        {
            at += WriteString(span[at..], message.ContentType);
        }

        if (message.StreamKey is not null)
        {
            at += WriteString(span[at..], message.StreamKey);
        }

        if (idSlot >= 0)
        {
            at += WriteVarInt(span[at..], (uint)idSlot);
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
        if (payload.Length > 0 && payload[0] == SplicedVersion)
        {
            var end = Array.IndexOf(payload, (byte)0, 1);
            if (end < 0)
            {
                throw new FormatException("Truncated backplane payload.");
            }

            return Decode(payload, end + 1, Utf8.GetString(payload, 1, end - 1));
        }

        return Decode(payload, 0, null);
    }

    private static BrokerMessage Decode(byte[] payload, int start, string? splicedId)
    {
        if (payload.Length <= start || payload[start] != Version)
        {
            throw new FormatException("Unknown backplane payload version.");
        }

        var at = start + 1;
        var destination = ReadString(payload, ref at);
        var messageId = ReadString(payload, ref at);
        var flags = ReadByte(payload, ref at);
        if ((flags & ~(HasContentType | HasStreamKey | HasIdSlot)) != 0)
        {
            throw new FormatException("Unknown flags in backplane payload.");
        }

        var contentType = (flags & HasContentType) != 0 ? ReadString(payload, ref at) : null;
        var streamKey = (flags & HasStreamKey) != 0 ? ReadString(payload, ref at) : null;
        var idSlot = (flags & HasIdSlot) != 0 ? (int)ReadVarInt(payload, ref at) : -1;
        if ((idSlot >= 0) != (splicedId is not null))
        {
            throw new FormatException("An id slot without an id, or an id without a slot.");
        }

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

        if (splicedId is not null)
        {
            var body = payload.AsSpan(at);
            if (idSlot > body.Length)
            {
                throw new FormatException("Id slot beyond the body.");
            }

            var idBytes = Utf8.GetBytes(splicedId);
            var spliced = new byte[body.Length + idBytes.Length];
            body[..idSlot].CopyTo(spliced);
            idBytes.CopyTo(spliced.AsSpan(idSlot));
            body[idSlot..].CopyTo(spliced.AsSpan(idSlot + idBytes.Length));
            return new BrokerMessage(destination, splicedId, contentType, spliced, headers) { StreamKey = streamKey };
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
