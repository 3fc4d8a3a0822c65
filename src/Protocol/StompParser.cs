using System.Buffers;

namespace CustomerChat.Protocol;

/// <summary>
/// An incremental STOMP frame parser over <see cref="ReadOnlySequence{T}"/> (STOMP 1.0, 1.1 and 1.2).
/// A partial frame is "need more" (<c>false</c>), never an error; one buffer may hold several frames and
/// EOL heart-beats between them. Every limit of <see cref="StompParserOptions"/> is checked before the
/// bytes that would breach it are waited for, so a hostile peer cannot make the caller buffer more than
/// <see cref="StompParserOptions.MaxFrameBytes"/>. Not thread-safe: one parser per connection.
/// </summary>
/// <remarks>
/// Grammar (STOMP 1.2 §"Augmented BNF"):
/// <code>
/// frame  = command EOL *( header EOL ) EOL *OCTET NULL *( EOL )
/// header = header-name ":" header-value
/// EOL    = [CR] LF
/// </code>
/// </remarks>
public sealed class StompParser
{
    private readonly StompParserOptions _options;

    /// <summary>A parser with the given limits (or the defaults).</summary>
    public StompParser(StompParserOptions? options = null) => _options = options ?? StompParserOptions.Default;

    /// <summary>
    /// The negotiated version, which decides header escaping and whether CR may end a line.
    /// Until CONNECT is answered it stays 1.2; CONNECT itself is never unescaped.
    /// </summary>
    public StompVersion Version { get; set; } = StompVersion.V1_2;

    /// <summary>The limits in force.</summary>
    public StompParserOptions Options => _options;

    /// <summary>
    /// Parses the next frame. On success <paramref name="buffer"/> is sliced past it (and past any
    /// heart-beat EOLs before it). On "need more" it returns false and <paramref name="buffer"/> starts at
    /// the first byte of the incomplete frame: the caller advances to <c>buffer.Start</c> as consumed and
    /// to the old end as examined.
    /// </summary>
    /// <exception cref="StompProtocolException">The bytes can never become a valid frame, or a limit is breached.</exception>
    public bool TryParseFrame(ref ReadOnlySequence<byte> buffer, out StompFrame frame)
    {
        frame = null!;
        buffer = SkipHeartbeats(buffer);
        if (buffer.IsEmpty)
        {
            return false;
        }

        var reader = new SequenceReader<byte>(buffer);

        // command = client-command | server-command; terminated by EOL
        if (!TryReadLine(ref reader, out var commandLine, stripCr: true))
        {
            return false;
        }

        var command = StompCommands.Parse(commandLine);
        if (command == StompCommand.None)
        {
            throw new StompProtocolException($"Unknown command '{Printable(commandLine)}'.");
        }

        var escaped = StompHeaderEscaping.IsEscaped(command, Version);
        var crEndsLine = Version >= StompVersion.V1_2 || StompCommands.IsConnectFamily(command);
        var headers = new StompHeaders(4);

        // *( header EOL ) EOL  -- header = header-name ":" header-value
        while (true)
        {
            if (!TryReadLine(ref reader, out var line, crEndsLine))
            {
                return false;
            }

            if (line.IsEmpty)
            {
                break;
            }

            if (headers.Count == _options.MaxHeaders)
            {
                throw new StompProtocolException(StompLimit.HeaderCount, $"Too many headers: the limit is {_options.MaxHeaders}.");
            }

            var colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                throw new StompProtocolException($"Header line without ':' in {StompCommands.GetName(command)} frame.");
            }

            var nameBytes = line[..colon];
            var name = escaped && nameBytes.IndexOf((byte)'\\') >= 0
                ? StompHeaderEscaping.Unescape(nameBytes, Version, escaped: true)
                : StompHeaderNames.Intern(nameBytes);
            var valueBytes = line[(colon + 1)..];
            headers.Add(name, StompHeaderNames.InternValue(name, valueBytes) ?? StompHeaderEscaping.Unescape(valueBytes, Version, escaped));
        }

        // *OCTET NULL: content-length octets when the header is present (they may hold NUL), else up to the first NUL
        var headerBytes = reader.Consumed;
        ReadOnlyMemory<byte> body;
        if (headers.TryGet(StompHeaderNames.ContentLength, out var lengthText))
        {
            if (!int.TryParse(lengthText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length))
            {
                throw new StompProtocolException($"Invalid content-length '{lengthText}'.");
            }

            if (headerBytes + length + 1 > _options.MaxFrameBytes)
            {
                throw FrameTooLarge();
            }

            if (reader.Remaining < length + 1)
            {
                return false;
            }

            body = length == 0 ? ReadOnlyMemory<byte>.Empty : reader.UnreadSequence.Slice(0, length).ToArray();
            reader.Advance(length);
            if (!reader.TryRead(out var terminator) || terminator != 0)
            {
                throw new StompProtocolException("Frame body is longer than its content-length: expected NUL after the body.");
            }
        }
        else
        {
            if (!reader.TryReadTo(out ReadOnlySequence<byte> bodySequence, (byte)0))
            {
                // Everything buffered belongs to this frame and its NUL is still to come.
                if (reader.Length + 1 > _options.MaxFrameBytes)
                {
                    throw FrameTooLarge();
                }

                return false;
            }

            body = bodySequence.IsEmpty ? ReadOnlyMemory<byte>.Empty : bodySequence.ToArray();
        }

        if (reader.Consumed > _options.MaxFrameBytes)
        {
            throw FrameTooLarge();
        }

        buffer = buffer.Slice(reader.Position);
        frame = new StompFrame(command, headers, body);
        return true;
    }

    /// <summary>Drops the EOLs (LF or CRLF) a peer sends as heart-beats between frames.</summary>
    private static ReadOnlySequence<byte> SkipHeartbeats(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (reader.TryPeek(out var b))
        {
            if (b == (byte)'\n')
            {
                reader.Advance(1);
            }
            else if (b == (byte)'\r' && reader.TryPeek(1, out var next) && next == (byte)'\n')
            {
                reader.Advance(2);
            }
            else
            {
                break;
            }
        }

        return buffer.Slice(reader.Position);
    }

    private bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySpan<byte> line, bool stripCr)
    {
        var max = _options.MaxHeaderLineBytes;
        if (!reader.TryReadTo(out line, (byte)'\n'))
        {
            // No EOL yet: fail now if what is buffered already can't fit the limits. The partial line is
            // too long once it exceeds the limit, unless its one extra byte is a CR that the LF will strip.
            var partial = reader.Remaining;
            if (partial > max + 1 || (partial == max + 1 && !(stripCr && LastByte(ref reader) == (byte)'\r')))
            {
                throw LineTooLong();
            }

            // The line's LF and the frame's NUL are still to come.
            if (reader.Length + 2 > _options.MaxFrameBytes)
            {
                throw FrameTooLarge();
            }

            return false;
        }

        if (stripCr && !line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (line.Length > max)
        {
            throw LineTooLong();
        }

        // Still to come: the NUL, and after any line but the blank one, at least the blank line's LF.
        if (reader.Consumed + (line.IsEmpty ? 1 : 2) > _options.MaxFrameBytes)
        {
            throw FrameTooLarge();
        }

        return true;
    }

    private static byte LastByte(ref SequenceReader<byte> reader) =>
        reader.UnreadSequence.Slice(reader.Remaining - 1).FirstSpan[0];

    private StompProtocolException LineTooLong() =>
        new(StompLimit.HeaderLineLength, $"Header line too long: the limit is {_options.MaxHeaderLineBytes} bytes.");

    private StompProtocolException FrameTooLarge() =>
        new(StompLimit.FrameSize, $"Frame too large: the limit is {_options.MaxFrameBytes} bytes.");

    private static string Printable(ReadOnlySpan<byte> line)
    {
        var shown = line.Length > 32 ? line[..32] : line;
        var chars = new char[shown.Length];
        for (var i = 0; i < shown.Length; i++)
        {
            chars[i] = shown[i] is >= 0x20 and < 0x7F ? (char)shown[i] : '?';
        }

        return new string(chars) + (line.Length > 32 ? "…" : string.Empty);
    }
}
