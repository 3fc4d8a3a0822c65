using System.Text;

namespace CustomerChat.LoadGen;

/// <summary>
/// A SEND frame built once; only its 19-digit timestamp is rewritten before each send, so publishing
/// allocates nothing. The body is <c>lg:&lt;stamp&gt;</c> padded with <c>x</c> to the requested size.
/// </summary>
internal sealed class SendTemplate
{
    private SendTemplate(byte[] bytes, int stampOffset)
    {
        Bytes = bytes;
        StampOffset = stampOffset;
    }

    public byte[] Bytes { get; }

    public int StampOffset { get; }

    /// <summary>A plain SEND to a topic with a text body of <paramref name="size"/> bytes.</summary>
    public static SendTemplate Topic(string destination, int size) =>
        Build($"SEND\ndestination:{destination}\ncontent-type:text/plain\n", Payload(size));

    /// <summary>A SEND to <c>/chat/message</c>: a customer's (no conversation id) or an agent's reply.</summary>
    public static SendTemplate Chat(string? conversationId, int size)
    {
        var message = Payload(Math.Max(32, size - 40));
        var body = conversationId is null
            ? $"{{\"message\":\"{message}\"}}"
            : $"{{\"conversationId\":\"{conversationId}\",\"message\":\"{message}\"}}";
        return Build("SEND\ndestination:/chat/message\ncontent-type:application/json\n", body);
    }

    private static string Payload(int size)
    {
        var stamp = "lg:" + new string('0', Stats.StampDigits) + " ";
        return stamp + new string('x', Math.Max(0, size - stamp.Length));
    }

    private static SendTemplate Build(string head, string body)
    {
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        var headBytes = Encoding.UTF8.GetBytes($"{head}content-length:{bodyBytes.Length}\n\n");
        var bytes = new byte[headBytes.Length + bodyBytes.Length + 1];
        headBytes.CopyTo(bytes, 0);
        bodyBytes.CopyTo(bytes, headBytes.Length);
        var marker = bodyBytes.AsSpan().IndexOf(Stats.Marker);
        return new SendTemplate(bytes, headBytes.Length + marker + Stats.Marker.Length);
    }
}
