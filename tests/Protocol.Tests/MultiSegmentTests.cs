using System.Buffers;
using CustomerChat.Protocol.Tests.Support;
using static CustomerChat.Protocol.Tests.Support.Wire;

namespace CustomerChat.Protocol.Tests;

/// <summary>Input that arrives as a multi-segment <see cref="ReadOnlySequence{T}"/>, as a pipe hands it out.</summary>
public sealed class MultiSegmentTests
{
    private const string Stream =
        "\r\nSEND\r\ndestination:/queue/a\r\nfoo:b\\cr\r\n\r\nhello\0\n" +
        "SEND\ndestination:/b\ncontent-length:5\n\n\0a\0b\0\0" +
        "\r\n\nMESSAGE\nsubscription:1\nmessage-id:9\n\ntext\0";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    public void FramesParseFromEqualSizedSegments(int size)
    {
        var expected = ParseFlat(Stream);
        var buffer = Sequences.Chunked(Bytes(Stream), size);

        var frames = ParseAll(Parser(), ref buffer);

        Assert.True(buffer.IsEmpty);
        AssertSameFrames(expected, frames);
    }

    [Fact]
    public void EmptySegmentsBetweenBytesAreHarmless()
    {
        var expected = ParseFlat(Stream);
        var parts = new List<ReadOnlyMemory<byte>> { ReadOnlyMemory<byte>.Empty };
        foreach (var b in Bytes(Stream))
        {
            parts.Add(new[] { b });
            parts.Add(ReadOnlyMemory<byte>.Empty);
        }

        var buffer = Sequences.Create([.. parts]);
        var frames = ParseAll(Parser(), ref buffer);

        AssertSameFrames(expected, frames);
    }

    [Fact]
    public void CrlfSplitBetweenSegmentsIsOneEol()
    {
        var bytes = Bytes("SEND\r\nk:v\r\n\r\nbody\0");
        var crAt = Array.IndexOf(bytes, (byte)'\r', 6);

        var buffer = Sequences.Split(bytes, crAt + 1);
        var frame = Assert.Single(ParseAll(Parser(), ref buffer));

        Assert.Equal("v", frame["k"]);
    }

    [Fact]
    public void CrlfHeartbeatSplitBetweenSegmentsIsSkipped()
    {
        var buffer = Sequences.Split(Bytes("\r\nSEND\n\nx\0"), 1);

        Assert.True(Parser().TryParseFrame(ref buffer, out var frame));
        Assert.Equal("x", Text(frame.Body));
    }

    [Fact]
    public void EscapeSequenceSplitBetweenSegmentsIsDecoded()
    {
        var bytes = Bytes("SEND\nk:a\\cb\n\n\0");
        var backslash = Array.IndexOf(bytes, (byte)'\\');

        var buffer = Sequences.Split(bytes, backslash + 1);

        Assert.True(Parser().TryParseFrame(ref buffer, out var frame));
        Assert.Equal("a:b", frame["k"]);
    }

    [Fact]
    public void Utf8CharacterSplitBetweenSegmentsIsDecoded()
    {
        var bytes = Bytes("SEND\nk:😀\n\n😀\0");
        var split = Array.IndexOf(bytes, (byte)':') + 2; // inside the four-byte sequence

        var buffer = Sequences.Split(bytes, split, bytes.Length - 3);

        Assert.True(Parser().TryParseFrame(ref buffer, out var frame));
        Assert.Equal("😀", frame["k"]);
        Assert.Equal("😀", Text(frame.Body));
    }

    [Fact]
    public void ContentLengthBodyAcrossManySegmentsKeepsItsNulBytes()
    {
        var body = new byte[1000];
        new Random(5).NextBytes(body);
        body[0] = 0;
        body[500] = 0;
        body[^1] = 0;
        var bytes = Bytes("SEND\ncontent-length:1000\n\n").Concat(body).Append((byte)0).ToArray();

        var buffer = Sequences.Chunked(bytes, 33);
        Assert.True(Parser().TryParseFrame(ref buffer, out var frame));

        Assert.Equal(body, frame.Body.ToArray());
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void RemainderAfterAFrameStaysOnItsSegments()
    {
        var buffer = Sequences.Split(Bytes("SEND\n\na\0SEND\n\nbc\0"), 3, 9, 12);

        Assert.True(Parser().TryParseFrame(ref buffer, out var first));
        Assert.Equal("a", Text(first.Body));
        Assert.Equal("SEND\n\nbc\0", Text(buffer.ToArray()));
        Assert.False(buffer.IsSingleSegment);

        Assert.True(Parser().TryParseFrame(ref buffer, out var second));
        Assert.Equal("bc", Text(second.Body));
    }

    private static List<StompFrame> ParseFlat(string wire)
    {
        var buffer = new ReadOnlySequence<byte>(Bytes(wire));
        var frames = ParseAll(Parser(), ref buffer);
        Assert.Equal(3, frames.Count);
        return frames;
    }
}
