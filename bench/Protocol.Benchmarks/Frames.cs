using System.Buffers;
using System.Text;

namespace CustomerChat.Protocol.Benchmarks;

/// <summary>
/// The frames measured, as wire bytes: a CONNECT with a JWT passcode, a SEND of 200 bytes in all, a MESSAGE
/// with 8 headers, and a SEND with a 16 KiB body. <see cref="Bytes"/> gives each one's size for the MB/s column.
/// </summary>
public static class Frames
{
    /// <summary>A token of the size CustomerChat issues (HS256 JWT with sub, role, name, exp, iss, aud).</summary>
    public static readonly string Jwt =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + new string('a', 220) + "." + new string('b', 43);

    public static readonly byte[] Connect = Encoding.UTF8.GetBytes(
        $"CONNECT\naccept-version:1.0,1.1,1.2\nhost:127.0.0.1\nlogin:lg\npasscode:{Jwt}\nheart-beat:10000,10000\n\n\0");

    public static readonly byte[] Send200 = Send("/topic/support-team", "application/json", 200);

    public static readonly byte[] Send16K = Send("/topic/support-team", "application/octet-stream", 16 * 1024 + 100, bodyLength: 16 * 1024);

    public static readonly byte[] Message8 = Encoding.UTF8.GetBytes(
        "MESSAGE\nsubscription:sub-0\nmessage-id:1700000000000-0\ndestination:/user/queue/messages\n" +
        "content-type:application/json\ncontent-length:100\nack:ack-17\nx-trace:0af7651916cd43dd8448eb211c80319c\n" +
        "x-tenant:acme\n\n" + new string('m', 100) + "\0");

    /// <summary>Frame sizes by benchmark method name, for <see cref="ThroughputColumn"/>.</summary>
    public static readonly Dictionary<string, int> Bytes = new(StringComparer.Ordinal)
    {
        ["ParseConnect"] = Connect.Length,
        ["ParseSend200"] = Send200.Length,
        ["ParseSend200Split"] = Send200.Length,
        ["ParseMessage8"] = Message8.Length,
        ["ParseSend16K"] = Send16K.Length,
        ["ParseSend16KSplit"] = Send16K.Length,
        ["WriteConnect"] = Connect.Length,
        ["WriteSend200"] = Send200.Length,
        ["WriteMessage8"] = Message8.Length,
        ["WriteMessage8FromTail"] = Message8.Length,
        ["EncodeMessageTail"] = Message8.Length,
        ["WriteSend16K"] = Send16K.Length,
    };

    /// <summary>A SEND of <paramref name="total"/> bytes on the wire (command to NUL), its body JSON-ish text.</summary>
    private static byte[] Send(string destination, string contentType, int total, int bodyLength = -1)
    {
        var head = $"SEND\ndestination:{destination}\ncontent-type:{contentType}\ncontent-length:";
        if (bodyLength < 0)
        {
            // Solve for the body length that makes the whole frame `total` bytes (the digits count too).
            bodyLength = total - head.Length - 3 - 1 - 1;
            while (head.Length + bodyLength.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 2 + bodyLength + 1 != total)
            {
                bodyLength--;
            }
        }

        var body = "{\"message\":\"" + new string('x', Math.Max(0, bodyLength - 14)) + "\"}";
        body = body.Length > bodyLength ? body[..bodyLength] : body.PadRight(bodyLength, ' ');
        return Encoding.UTF8.GetBytes($"{head}{bodyLength}\n\n{body}\0");
    }

    /// <summary>Cuts <paramref name="bytes"/> into a sequence of segments of the given sizes (the rest in the last).</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, params int[] sizes)
    {
        Segment? first = null, last = null;
        var offset = 0;
        foreach (var size in sizes.Append(int.MaxValue))
        {
            var length = Math.Min(size, bytes.Length - offset);
            if (length <= 0)
            {
                break;
            }

            var memory = bytes.AsMemory(offset, length).ToArray();
            last = last is null ? (first = new Segment(memory, 0)) : last.Append(memory);
            offset += length;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
