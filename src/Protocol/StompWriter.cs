using System.Buffers;
using System.Buffers.Text;

namespace CustomerChat.Protocol;

/// <summary>
/// Writes STOMP frames into an <see cref="IBufferWriter{T}"/> with no intermediate strings
/// (STOMP 1.2 §"Frames and Headers"). Headers are written in order, escaped per version.
/// </summary>
public static class StompWriter
{
    /// <summary>The EOL a peer sends as a heart-beat (STOMP 1.2 §"Heart-beating").</summary>
    public static ReadOnlySpan<byte> Heartbeat => "\n"u8;

    /// <summary>
    /// Writes <paramref name="frame"/>. When the body holds a NUL byte and the frame has no
    /// <c>content-length</c>, one is added so the peer can read the body whole.
    /// </summary>
    /// <exception cref="ArgumentException">The frame's <c>content-length</c> does not match its body.</exception>
    public static void WriteFrame(IBufferWriter<byte> output, StompFrame frame, StompVersion version)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var escaped = StompHeaderEscaping.IsEscaped(frame.Command, version);
        var body = frame.Body.Span;
        var command = StompCommands.GetBytes(frame.Command);

        // Checked before the first byte is written, so a bad frame leaves the output untouched.
        var addLength = !HasContentLength(frame.Headers, body.Length, nameof(frame)) && body.IndexOf((byte)0) >= 0;

        output.Write(command);
        output.Write("\n"u8);
        WriteHeaders(output, frame.Headers, version, escaped);
        if (addLength)
        {
            WriteContentLength(output, body.Length);
        }

        output.Write("\n"u8);
        output.Write(body);
        output.Write("\0"u8);
    }

    /// <summary>Writes each header as <c>name:value</c> EOL.</summary>
    public static void WriteHeaders(IBufferWriter<byte> output, StompHeaders headers, StompVersion version, bool escaped)
    {
        ArgumentNullException.ThrowIfNull(headers);
        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];
            StompHeaderEscaping.Write(output, name, version, escaped);
            output.Write(":"u8);
            StompHeaderEscaping.Write(output, value, version, escaped);
            output.Write("\n"u8);
        }
    }

    /// <summary>Writes <c>content-length:N</c> EOL.</summary>
    public static void WriteContentLength(IBufferWriter<byte> output, int length)
    {
        output.Write("content-length:"u8);
        var span = output.GetSpan(11);
        Utf8Formatter.TryFormat(length, span, out var written);
        output.Advance(written);
        output.Write("\n"u8);
    }

    /// <summary>
    /// Writes a MESSAGE frame from a tail encoded once per publish by <see cref="EncodeMessageTail"/>:
    /// only the <c>subscription</c> (and, for client ack modes, <c>ack</c>) header is written per subscriber.
    /// </summary>
    public static void WriteMessage(IBufferWriter<byte> output, string subscription, string? ack, ReadOnlySpan<byte> encodedTail, StompVersion version)
    {
        var escaped = version != StompVersion.V1_0;
        output.Write("MESSAGE\nsubscription:"u8);
        StompHeaderEscaping.Write(output, subscription, version, escaped);
        output.Write("\n"u8);
        if (ack is not null)
        {
            output.Write("ack:"u8);
            StompHeaderEscaping.Write(output, ack, version, escaped);
            output.Write("\n"u8);
        }

        output.Write(encodedTail);
    }

    /// <summary>
    /// Encodes the part of a MESSAGE frame that every subscriber shares: the headers (with
    /// <c>content-length</c> added), the blank line, the body and the NUL.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="headers"/> hold a <c>content-length</c> that does not match <paramref name="body"/>.</exception>
    public static byte[] EncodeMessageTail(StompHeaders headers, ReadOnlySpan<byte> body, StompVersion version)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var hasLength = HasContentLength(headers, body.Length, nameof(headers));
        var buffer = new ArrayBufferWriter<byte>(256 + body.Length);
        WriteHeaders(buffer, headers, version, escaped: version != StompVersion.V1_0);
        if (!hasLength)
        {
            WriteContentLength(buffer, body.Length);
        }

        buffer.Write("\n"u8);
        buffer.Write(body);
        buffer.Write("\0"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Whether <paramref name="headers"/> declare a <c>content-length</c>; when they do, it must be the body's
    /// length as the parser would read it (digits only, leading zeros allowed).
    /// </summary>
    private static bool HasContentLength(StompHeaders headers, int bodyLength, string paramName)
    {
        if (!headers.TryGet(StompHeaderNames.ContentLength, out var declared))
        {
            return false;
        }

        if (!int.TryParse(declared, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
            || length != bodyLength)
        {
            throw new ArgumentException($"content-length {declared} does not match a body of {bodyLength} bytes.", paramName);
        }

        return true;
    }
}
