using System.Buffers;
using CustomerChat.Protocol.Tests.Support;
using static CustomerChat.Protocol.Tests.Support.Wire;

namespace CustomerChat.Protocol.Tests;

/// <summary>
/// Input limits (STOMP 1.2 §"Size Limits"; docs/protocol.md §2 "Protocol errors"): each breach raises one
/// <see cref="StompProtocolException"/> naming the limit, as soon as the buffered bytes prove it.
/// </summary>
public sealed class LimitsTests
{
    private static readonly StompParserOptions Frame64 = new() { MaxFrameBytes = 64 };
    private static readonly StompParserOptions Headers3 = new() { MaxHeaders = 3 };
    private static readonly StompParserOptions Line16 = new() { MaxHeaderLineBytes = 16 };

    [Fact]
    public void DefaultsAre64KiBFrames64HeadersAnd8KiBLines()
    {
        Assert.Equal(64 * 1024, StompParserOptions.Default.MaxFrameBytes);
        Assert.Equal(64, StompParserOptions.Default.MaxHeaders);
        Assert.Equal(8 * 1024, StompParserOptions.Default.MaxHeaderLineBytes);
    }

    // ---- frame size -------------------------------------------------------------------------

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FrameOfExactlyTheLimitIsAccepted(bool withContentLength)
    {
        var bytes = FrameOfSize(64, withContentLength);

        var frame = ParseSingle(bytes, options: Frame64);

        Assert.Equal(StompCommand.Send, frame.Command);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FrameOneByteOverTheLimitIsRejected(bool withContentLength)
    {
        var error = ParseFails(FrameOfSize(65, withContentLength), options: Frame64);

        AssertFrameSize(error, 64);
    }

    [Fact]
    public void ContentLengthAnnouncingTooMuchIsRejectedBeforeTheBodyArrives()
    {
        var buffer = new ReadOnlySequence<byte>(Bytes("SEND\ncontent-length:1000000\n\n"));

        AssertFrameSize(ParseFails(buffer, Parser(options: Frame64)), 64);
    }

    [Fact]
    public void ContentLengthOneOverTheRoomLeftIsRejectedBeforeTheBodyArrives()
    {
        // "SEND\ncontent-length:NN\n\n" is 24 bytes; with the NUL, 39 body bytes make 64.
        var fits = new ReadOnlySequence<byte>(Bytes("SEND\ncontent-length:39\n\n"));
        Assert.False(Parser(options: Frame64).TryParseFrame(ref fits, out _));

        var tooMuch = new ReadOnlySequence<byte>(Bytes("SEND\ncontent-length:40\n\n"));
        AssertFrameSize(ParseFails(tooMuch, Parser(options: Frame64)), 64);
    }

    [Fact]
    public void ContentLengthNearIntMaxIsAFrameSizeErrorNotAnOverflow()
    {
        var buffer = new ReadOnlySequence<byte>(Bytes($"SEND\ncontent-length:{int.MaxValue}\n\n"));

        AssertFrameSize(ParseFails(buffer, Parser()), 64 * 1024);
    }

    [Fact]
    public void BodyWithoutNulWithinTheLimitIsRejectedWithoutWaitingForMore()
    {
        // 6 header bytes + 58 body bytes = 64 buffered: the NUL can no longer fit.
        var bytes = Bytes("SEND\n\n" + new string('x', 58));
        var almost = new ReadOnlySequence<byte>(bytes.AsMemory(0, 63));

        Assert.False(Parser(options: Frame64).TryParseFrame(ref almost, out _));
        AssertFrameSize(ParseFails(new ReadOnlySequence<byte>(bytes), Parser(options: Frame64)), 64);
    }

    [Fact]
    public void HugeBodyWithoutNulIsRejectedAsSoonAsItIsBuffered()
    {
        var bytes = Bytes("SEND\ndestination:/a\n\n" + new string('x', 70_000));

        AssertFrameSize(ParseFails(new ReadOnlySequence<byte>(bytes), Parser()), 64 * 1024);
    }

    [Fact]
    public void HeadersFillingTheFrameLimitAreRejectedWithoutWaitingForTheBlankLine()
    {
        // "SEND\n" (5) + 4 lines "h:aaaaaaaaaaaa\n" (15 each) = 65, and the blank line and NUL are still to come.
        var bytes = Bytes("SEND\n" + string.Concat(Enumerable.Repeat("h:aaaaaaaaaaaa\n", 4)));

        AssertFrameSize(ParseFails(new ReadOnlySequence<byte>(bytes[..^1]), Parser(options: Frame64)), 64);
        AssertFrameSize(ParseFails(new ReadOnlySequence<byte>(bytes), Parser(options: Frame64)), 64);
    }

    [Fact]
    public void HeaderSectionReachingTheLimitIsRejectedBecauseTheNulCannotFit()
    {
        // 5 + 3 * 15 + 14 = 64 bytes, all complete header lines: the blank line and NUL would make 66.
        var bytes = Bytes("SEND\n" + string.Concat(Enumerable.Repeat("h:aaaaaaaaaaaa\n", 3)) + "h:aaaaaaaaaaa\n");
        Assert.Equal(64, bytes.Length);

        AssertFrameSize(ParseFails(new ReadOnlySequence<byte>(bytes), Parser(options: Frame64)), 64);
    }

    [Fact]
    public void FrameSizeCountsFromTheFrameNotFromLeadingHeartbeats()
    {
        var bytes = Bytes(new string('\n', 100)).Concat(FrameOfSize(64, withContentLength: true)).ToArray();

        var frame = ParseSingle(bytes, options: Frame64);

        Assert.Equal(StompCommand.Send, frame.Command);
    }

    [Fact]
    public void FrameSizeLimitAppliesPerFrameInABufferOfMany()
    {
        var one = FrameOfSize(64, withContentLength: false);
        var bytes = Enumerable.Repeat(one, 10).SelectMany(b => b).ToArray();
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.Equal(10, ParseAll(Parser(options: Frame64), ref buffer).Count);
    }

    // ---- header count -----------------------------------------------------------------------

    [Fact]
    public void HeaderCountAtTheLimitIsAccepted()
    {
        var frame = ParseSingle(Bytes("SEND\na:1\nb:2\nc:3\n\n\0"), options: Headers3);

        Assert.Equal(3, frame.Headers.Count);
    }

    [Fact]
    public void HeaderCountOverTheLimitIsRejected()
    {
        var error = ParseFails(Bytes("SEND\na:1\nb:2\nc:3\nd:4\n\n\0"), options: Headers3);

        Assert.Equal(StompLimit.HeaderCount, error.Limit);
        Assert.Contains("headers", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedHeadersCountTowardsTheLimit()
    {
        var error = ParseFails(Bytes("SEND\na:1\na:1\na:1\na:1\n\n\0"), options: Headers3);

        Assert.Equal(StompLimit.HeaderCount, error.Limit);
    }

    [Fact]
    public void HeaderCountOverTheLimitIsRejectedBeforeTheFrameEnds()
    {
        var buffer = new ReadOnlySequence<byte>(Bytes("SEND\na:1\nb:2\nc:3\nd:4\n"));

        Assert.Equal(StompLimit.HeaderCount, ParseFails(buffer, Parser(options: Headers3)).Limit);
    }

    [Fact]
    public void DefaultHeaderCountLimitIs64()
    {
        var lines = string.Concat(Enumerable.Range(0, 64).Select(i => $"h{i}:v\n"));

        Assert.Equal(64, ParseSingle(Bytes($"SEND\n{lines}\n\0")).Headers.Count);
        Assert.Equal(StompLimit.HeaderCount, ParseFails(Bytes($"SEND\n{lines}extra:v\n\n\0")).Limit);
    }

    // ---- header line length -----------------------------------------------------------------

    [Fact]
    public void HeaderLineOfExactlyTheLimitIsAccepted()
    {
        var line = "k:" + new string('v', 14); // 16 bytes

        Assert.Equal(new string('v', 14), ParseSingle(Bytes($"SEND\n{line}\n\n\0"), options: Line16)["k"]);
        Assert.Equal(new string('v', 14), ParseSingle(Bytes($"SEND\r\n{line}\r\n\r\n\0"), options: Line16)["k"]);
    }

    [Fact]
    public void HeaderLineOverTheLimitIsRejected()
    {
        var error = ParseFails(Bytes("SEND\nk:" + new string('v', 15) + "\n\n\0"), options: Line16);

        AssertHeaderLine(error, 16);
    }

    [Fact]
    public void CommandLineCountsAsALine()
    {
        var error = ParseFails(Bytes(new string('S', 17) + "\n\n\0"), options: Line16);

        AssertHeaderLine(error, 16);
    }

    [Theory]
    [InlineData(StompVersion.V1_0)]
    [InlineData(StompVersion.V1_1)]
    [InlineData(StompVersion.V1_2)]
    public void PartialHeaderLineIsRejectedAsSoonAsItExceedsTheLimit(StompVersion version)
    {
        var head = "SEND\nk:" + new string('v', 14); // the partial line is at the limit: 16 bytes
        var atLimit = new ReadOnlySequence<byte>(Bytes(head));
        Assert.False(Parser(version, Line16).TryParseFrame(ref atLimit, out _));

        var overLimit = new ReadOnlySequence<byte>(Bytes(head + "v"));
        AssertHeaderLine(ParseFails(overLimit, Parser(version, Line16)), 16);
    }

    [Fact]
    public void PartialLineEndingInCrAtTheLimitWaitsForItsLfIn12()
    {
        var bytes = Bytes("SEND\r\nk:" + new string('v', 14) + "\r");
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.False(Parser(StompVersion.V1_2, Line16).TryParseFrame(ref buffer, out _));

        buffer = Sequences.Append(buffer, Bytes("\n\n\0"));
        Assert.True(Parser(StompVersion.V1_2, Line16).TryParseFrame(ref buffer, out var frame));
        Assert.Equal(new string('v', 14), frame["k"]);
    }

    [Fact]
    public void CrCountsTowardsTheLineWhereItIsPartOfTheValue()
    {
        var bytes = Bytes("SEND\nk:" + new string('v', 14) + "\r");

        AssertHeaderLine(ParseFails(new ReadOnlySequence<byte>(bytes), Parser(StompVersion.V1_1, Line16)), 16);
        AssertHeaderLine(ParseFails(Bytes("SEND\nk:" + new string('v', 14) + "\r\n\n\0"), StompVersion.V1_1, Line16), 16);
    }

    [Fact]
    public void PartialCommandLineIsRejectedAsSoonAsItExceedsTheLimit()
    {
        var buffer = new ReadOnlySequence<byte>(Bytes(new string('G', 18)));

        AssertHeaderLine(ParseFails(buffer, Parser(options: Line16)), 16);
    }

    [Fact]
    public void HugeLineWithoutEolIsRejectedWithTheDefaultLimits()
    {
        var buffer = new ReadOnlySequence<byte>(Bytes("SEND\nk:" + new string('v', 9000)));

        AssertHeaderLine(ParseFails(buffer, Parser()), 8 * 1024);
    }

    [Fact]
    public void GrammarErrorsNameNoLimit()
    {
        Assert.Equal(StompLimit.None, new StompProtocolException("bad").Limit);
        Assert.Equal(StompLimit.FrameSize, new StompProtocolException(StompLimit.FrameSize, "big").Limit);
    }

    // ---- multi-segment ----------------------------------------------------------------------

    [Fact]
    public void LimitsHoldOnOneByteSegments()
    {
        AssertFrameSize(ParseFails(Sequences.Chunked(FrameOfSize(65, withContentLength: false), 1), Parser(options: Frame64)), 64);
        AssertHeaderLine(ParseFails(Sequences.Chunked(Bytes("SEND\nk:" + new string('v', 15)), 1), Parser(options: Line16)), 16);
        Assert.Equal(StompLimit.HeaderCount, ParseFails(Sequences.Chunked(Bytes("SEND\na:1\nb:2\nc:3\nd:4\n"), 1), Parser(options: Headers3)).Limit);
    }

    [Fact]
    public void IncrementalFeedStopsAtTheFirstChunkThatBreachesTheLimit()
    {
        var bytes = Bytes("SEND\n\n" + new string('x', 200));
        var parser = Parser(options: Frame64);
        var pending = ReadOnlySequence<byte>.Empty;
        var fed = 0;

        var error = Assert.Throws<StompProtocolException>(() =>
        {
            while (fed < bytes.Length)
            {
                pending = Sequences.Append(pending, bytes.AsMemory(fed, 1));
                fed++;
                Assert.False(parser.TryParseFrame(ref pending, out _));
            }
        });

        AssertFrameSize(error, 64);
        Assert.Equal(64, fed);
    }

    /// <summary>A SEND frame of exactly <paramref name="size"/> bytes, NUL included.</summary>
    private static byte[] FrameOfSize(int size, bool withContentLength)
    {
        var head = withContentLength ? "SEND\ncontent-length:00\n\n" : "SEND\n\n";
        var bodyLength = size - head.Length - 1;
        if (withContentLength)
        {
            head = $"SEND\ncontent-length:{bodyLength:D2}\n\n";
        }

        var bytes = Bytes(head + new string('b', bodyLength) + "\0");
        Assert.Equal(size, bytes.Length);
        return bytes;
    }

    private static void AssertFrameSize(StompProtocolException error, int limit)
    {
        Assert.Equal(StompLimit.FrameSize, error.Limit);
        Assert.Contains("frame", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    private static void AssertHeaderLine(StompProtocolException error, int limit)
    {
        Assert.Equal(StompLimit.HeaderLineLength, error.Limit);
        Assert.Contains("header line", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }
}
