using System.Buffers;
using System.Globalization;
using System.Text;

namespace CustomerChat.Protocol.Tests.Support;

/// <summary>Small helpers to write, parse and compare frames in tests.</summary>
internal static class Wire
{
    /// <summary>The UTF-8 bytes of <paramref name="text"/>; write NUL as <c>\0</c>.</summary>
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The body (or any bytes) as UTF-8 text.</summary>
    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    public static StompParser Parser(StompVersion version = StompVersion.V1_2, StompParserOptions? options = null) =>
        new(options) { Version = version };

    /// <summary>Writes one frame with <see cref="StompWriter.WriteFrame"/>.</summary>
    public static byte[] Write(StompFrame frame, StompVersion version)
    {
        var output = new ArrayBufferWriter<byte>();
        StompWriter.WriteFrame(output, frame, version);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Parses every complete frame in <paramref name="buffer"/>; <paramref name="buffer"/> is left at the rest.</summary>
    public static List<StompFrame> ParseAll(StompParser parser, ref ReadOnlySequence<byte> buffer)
    {
        var frames = new List<StompFrame>();
        while (parser.TryParseFrame(ref buffer, out var frame))
        {
            frames.Add(frame);
        }

        return frames;
    }

    /// <summary>Parses bytes that must hold exactly one frame (plus optional trailing EOLs).</summary>
    public static StompFrame ParseSingle(byte[] bytes, StompVersion version = StompVersion.V1_2, StompParserOptions? options = null)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        var frames = ParseAll(Parser(version, options), ref buffer);
        Assert.True(buffer.IsEmpty, $"{buffer.Length} bytes left over");
        return Assert.Single(frames);
    }

    /// <summary>
    /// Feeds <paramref name="bytes"/> to <paramref name="parser"/> the way a read loop does: append a chunk
    /// (as a new segment), parse every complete frame, keep the unconsumed remainder, repeat.
    /// </summary>
    public static List<StompFrame> ParseIncrementally(StompParser parser, byte[] bytes, Func<int> nextChunkSize, out ReadOnlySequence<byte> rest)
    {
        var frames = new List<StompFrame>();
        var pending = ReadOnlySequence<byte>.Empty;
        var offset = 0;
        while (offset < bytes.Length)
        {
            var size = Math.Min(Math.Max(1, nextChunkSize()), bytes.Length - offset);
            pending = Sequences.Append(pending, bytes.AsSpan(offset, size).ToArray());
            offset += size;
            frames.AddRange(ParseAll(parser, ref pending));
        }

        rest = pending;
        return frames;
    }

    /// <summary>Parses and expects a <see cref="StompProtocolException"/>.</summary>
    public static StompProtocolException ParseFails(byte[] bytes, StompVersion version = StompVersion.V1_2, StompParserOptions? options = null) =>
        ParseFails(new ReadOnlySequence<byte>(bytes), Parser(version, options));

    /// <summary>Parses and expects a <see cref="StompProtocolException"/> before any frame is returned.</summary>
    public static StompProtocolException ParseFails(ReadOnlySequence<byte> buffer, StompParser parser) =>
        Assert.Throws<StompProtocolException>(() =>
        {
            var frames = ParseAll(parser, ref buffer);
            Assert.Fail($"Expected a protocol error, got {frames.Count} frame(s) and {buffer.Length} byte(s) waiting.");
        });

    /// <summary>The frame the parser should return for <paramref name="written"/>: the writer adds content-length when the body holds NUL.</summary>
    public static StompFrame ExpectedAfterWrite(StompFrame written)
    {
        var headers = new StompHeaders();
        foreach (var (name, value) in written.Headers)
        {
            headers.Add(name, value);
        }

        if (!headers.Contains(StompHeaderNames.ContentLength) && written.Body.Span.IndexOf((byte)0) >= 0)
        {
            headers.Add(StompHeaderNames.ContentLength, written.Body.Length.ToString(CultureInfo.InvariantCulture));
        }

        return new StompFrame(written.Command, headers, written.Body);
    }

    public static void AssertSameFrame(StompFrame expected, StompFrame actual)
    {
        Assert.Equal(expected.Command, actual.Command);
        Assert.Equal(expected.Headers.ToArray(), actual.Headers.ToArray());
        Assert.Equal(expected.Body.ToArray(), actual.Body.ToArray());
    }

    public static void AssertSameFrames(IReadOnlyList<StompFrame> expected, IReadOnlyList<StompFrame> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            AssertSameFrame(expected[i], actual[i]);
        }
    }

    /// <summary>Header pairs for compact assertions.</summary>
    public static KeyValuePair<string, string>[] Pairs(params (string Name, string Value)[] headers) =>
        [.. headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))];
}
