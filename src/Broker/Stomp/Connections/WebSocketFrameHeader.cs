using System.Buffers.Binary;
using System.Net.WebSockets;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// The header of an unmasked, final, uncompressed WebSocket frame as a server sends it (RFC 6455 §5.2): one byte of
/// FIN and opcode, then the payload length in 7, 7+16 or 7+64 bits. Used by <see cref="DirectSocketSender"/>.
/// </summary>
internal static class WebSocketFrameHeader
{
    /// <summary>The longest header: 2 bytes plus a 64-bit extended length.</summary>
    public const int MaxLength = 10;

    /// <summary>The header's length for a payload of <paramref name="payloadLength"/> bytes: 2, 4 or 10.</summary>
    public static int LengthFor(long payloadLength) => payloadLength switch
    {
        <= 125 => 2,
        <= ushort.MaxValue => 4,
        _ => 10,
    };

    /// <summary>
    /// Writes the header of a final text or binary frame of <paramref name="payloadLength"/> bytes into
    /// <paramref name="destination"/>, which is exactly <see cref="LengthFor"/> bytes long.
    /// </summary>
    public static void Write(Span<byte> destination, WebSocketMessageType type, long payloadLength)
    {
        // FIN (0x80) with opcode 1 (text) or 2 (binary); RSV bits clear: no extension is negotiated.
        destination[0] = (byte)(0x80 | (type == WebSocketMessageType.Binary ? 0x2 : 0x1));
        switch (destination.Length)
        {
            case 2:
                destination[1] = (byte)payloadLength; // no mask bit: server frames are never masked (§5.1)
                break;
            case 4:
                destination[1] = 126;
                BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
                break;
            default:
                destination[1] = 127;
                BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
                break;
        }
    }
}
