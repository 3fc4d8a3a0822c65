using System.Buffers;
using System.Text;

namespace CustomerChat.Protocol;

/// <summary>
/// Header escaping per version (STOMP 1.2 §"Value Encoding"; 1.1 §"Value Encoding"): 1.2 escapes
/// <c>\r \n \c \\</c>, 1.1 escapes <c>\n \c \\</c>, 1.0 escapes nothing. CONNECT, STOMP and CONNECTED
/// are never escaped, so a 1.0-only peer can read them. An undefined escape such as <c>\t</c> is fatal.
/// </summary>
public static class StompHeaderEscaping
{
    private static readonly SearchValues<char> SpecialChars = SearchValues.Create("\\\n\r:");

    /// <summary>Whether headers of <paramref name="command"/> are escaped under <paramref name="version"/>.</summary>
    public static bool IsEscaped(StompCommand command, StompVersion version) =>
        version != StompVersion.V1_0 && !StompCommands.IsConnectFamily(command);

    /// <summary>Decodes a header name or value (UTF-8), undoing the escapes of <paramref name="version"/>.</summary>
    /// <exception cref="StompProtocolException">An undefined escape sequence, or a trailing backslash.</exception>
    public static string Unescape(ReadOnlySpan<byte> raw, StompVersion version, bool escaped)
    {
        if (!escaped || raw.IndexOf((byte)'\\') < 0)
        {
            return raw.IsEmpty ? string.Empty : Encoding.UTF8.GetString(raw);
        }

        var rented = ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            var length = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                var b = raw[i];
                if (b != (byte)'\\')
                {
                    rented[length++] = b;
                    continue;
                }

                if (++i == raw.Length)
                {
                    throw new StompProtocolException("Invalid header escape: a header ends with a lone backslash.");
                }

                rented[length++] = raw[i] switch
                {
                    (byte)'n' => (byte)'\n',
                    (byte)'c' => (byte)':',
                    (byte)'\\' => (byte)'\\',
                    (byte)'r' when version >= StompVersion.V1_2 => (byte)'\r',
                    var other => throw new StompProtocolException($"Invalid header escape: '\\{(char)other}' is not defined in STOMP {StompVersions.ToHeaderValue(version)}."),
                };
            }

            return Encoding.UTF8.GetString(rented, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8, escaping what <paramref name="version"/> requires.</summary>
    public static void Write(IBufferWriter<byte> output, string text, StompVersion version, bool escaped)
    {
        if (!escaped || text.AsSpan().IndexOfAny(SpecialChars) < 0)
        {
            WriteUtf8(output, text);
            return;
        }

        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            ReadOnlySpan<byte> escape = text[i] switch
            {
                '\\' => "\\\\"u8,
                '\n' => "\\n"u8,
                ':' => "\\c"u8,
                '\r' when version >= StompVersion.V1_2 => "\\r"u8,
                _ => default,
            };
            if (escape.IsEmpty)
            {
                continue;
            }

            WriteUtf8(output, text.AsSpan(start, i - start));
            output.Write(escape);
            start = i + 1;
        }

        WriteUtf8(output, text.AsSpan(start));
    }

    private static void WriteUtf8(IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
