using System.Globalization;
using System.Text;

namespace CustomerChat.Protocol.Tests.Support;

/// <summary>
/// Generates random frames that a given version can carry: with escaping (1.1+, not CONNECT/CONNECTED)
/// any text goes, including <c>: \n \r \\</c>; without it (1.0, CONNECT family) names and values avoid
/// LF, names avoid ':' and, where CR ends a line, values do not end in CR.
/// </summary>
internal static class RandomFrames
{
    private static readonly StompCommand[] Commands = [.. Enum.GetValues<StompCommand>().Where(c => c != StompCommand.None)];

    private static readonly string[] Atoms =
    [
        "a", "b", "z", "Q", "0", "9", "-", "_", "/", " ", ".", "é", "ß", "漢", "😀", "\t", "\0",
        ":", "\n", "\r", "\\", "\\n", "\\c", "\\r", "\r\n",
    ];

    private static readonly string[] KnownNames =
    [
        StompHeaderNames.Destination, StompHeaderNames.ContentType, StompHeaderNames.Receipt, StompHeaderNames.Id,
        StompHeaderNames.Ack, StompHeaderNames.Transaction, StompHeaderNames.Subscription, StompHeaderNames.MessageId,
        StompHeaderNames.Message, StompHeaderNames.Host, "foo",
    ];

    public static StompFrame Next(Random random, StompVersion version, int maxBody = 200)
    {
        var command = Commands[random.Next(Commands.Length)];
        var headers = new StompHeaders();
        var count = random.Next(0, 7);
        for (var i = 0; i < count; i++)
        {
            var name = headers.Count > 0 && random.Next(5) == 0
                ? headers[random.Next(headers.Count)].Key // a repeated header
                : random.Next(3) == 0 ? KnownNames[random.Next(KnownNames.Length)] : Text(random, command, version, isName: true);
            headers.Add(name, Text(random, command, version, isName: false));
        }

        var body = Body(random, maxBody);
        if (random.Next(3) == 0)
        {
            // An explicit, correct content-length somewhere among the headers.
            var lengthHeader = new StompHeaders();
            var at = random.Next(headers.Count + 1);
            for (var i = 0; i <= headers.Count; i++)
            {
                if (i == at)
                {
                    lengthHeader.Add(StompHeaderNames.ContentLength, body.Length.ToString(CultureInfo.InvariantCulture));
                }

                if (i < headers.Count)
                {
                    lengthHeader.Add(headers[i].Key, headers[i].Value);
                }
            }

            headers = lengthHeader;
        }

        return new StompFrame(command, headers, body);
    }

    /// <summary>A header name or value the version can encode for this command.</summary>
    public static string Text(Random random, StompCommand command, StompVersion version, bool isName)
    {
        var escaped = StompHeaderEscaping.IsEscaped(command, version);
        var crEndsLine = version >= StompVersion.V1_2 || StompCommands.IsConnectFamily(command);
        var builder = new StringBuilder();
        var atoms = random.Next(isName ? 1 : 0, 9);
        while (builder.Length < atoms)
        {
            var atom = Atoms[random.Next(Atoms.Length)];
            if (!escaped && (atom.Contains('\n') || (isName && atom.Contains(':'))))
            {
                continue;
            }

            builder.Append(atom);
        }

        if (!escaped && crEndsLine && builder.Length > 0 && builder[^1] == '\r')
        {
            builder.Append('x');
        }

        return builder.ToString();
    }

    /// <summary>Empty, UTF-8 text without NUL, or binary bytes that usually hold NUL.</summary>
    public static byte[] Body(Random random, int maxBody)
    {
        switch (random.Next(4))
        {
            case 0:
                return [];
            case 1:
                var text = new StringBuilder();
                var length = random.Next(maxBody + 1);
                while (text.Length < length)
                {
                    var atom = Atoms[random.Next(Atoms.Length)];
                    if (atom != "\0")
                    {
                        text.Append(atom);
                    }
                }

                return Encoding.UTF8.GetBytes(text.ToString());
            default:
                var bytes = new byte[random.Next(maxBody + 1)];
                random.NextBytes(bytes);
                if (bytes.Length > 0 && random.Next(2) == 0)
                {
                    bytes[random.Next(bytes.Length)] = 0;
                }

                return bytes;
        }
    }
}
