using System.Buffers;
using CustomerChat.Protocol.Tests.Support;
using static CustomerChat.Protocol.Tests.Support.Wire;

namespace CustomerChat.Protocol.Tests;

/// <summary>Framing per STOMP 1.2 §"STOMP Frames" and §"Augmented BNF".</summary>
public sealed class ParsingTests
{
    public static TheoryData<string> SampleFrames => new()
    {
        "SEND\ndestination:/queue/a\ncontent-type:text/plain\n\nhello queue a\n\0",
        "SEND\r\ndestination:/queue/a\r\ncontent-length:5\r\n\r\nhe\0lo\0\r\n",
        "\n\r\n\nSUBSCRIBE\nid:0\ndestination:/queue/foo\nack:client\n\n\0\n\n",
        "DISCONNECT\nreceipt:77\n\n\0",
        "MESSAGE\nsubscription:0\nmessage-id:007\ndestination:/queue/a\ncontent-length:0\n\n\0",
        "CONNECT\naccept-version:1.2\nhost:stomp.github.org\n\n\0",
    };

    [Fact]
    public void ParsesTheSpecSendExample()
    {
        var frame = ParseSingle(Bytes("SEND\ndestination:/queue/a\ncontent-type:text/plain\n\nhello queue a\n\0"));

        Assert.Equal(StompCommand.Send, frame.Command);
        Assert.Equal(Pairs(("destination", "/queue/a"), ("content-type", "text/plain")), frame.Headers.ToArray());
        Assert.Equal("hello queue a\n", Text(frame.Body));
    }

    [Theory]
    [InlineData("CONNECT", StompCommand.Connect)]
    [InlineData("STOMP", StompCommand.Stomp)]
    [InlineData("CONNECTED", StompCommand.Connected)]
    [InlineData("SEND", StompCommand.Send)]
    [InlineData("SUBSCRIBE", StompCommand.Subscribe)]
    [InlineData("UNSUBSCRIBE", StompCommand.Unsubscribe)]
    [InlineData("ACK", StompCommand.Ack)]
    [InlineData("NACK", StompCommand.Nack)]
    [InlineData("BEGIN", StompCommand.Begin)]
    [InlineData("COMMIT", StompCommand.Commit)]
    [InlineData("ABORT", StompCommand.Abort)]
    [InlineData("DISCONNECT", StompCommand.Disconnect)]
    [InlineData("MESSAGE", StompCommand.Message)]
    [InlineData("RECEIPT", StompCommand.Receipt)]
    [InlineData("ERROR", StompCommand.Error)]
    public void EveryStompCommandIsRecognised(string wire, StompCommand command)
    {
        var frame = ParseSingle(Bytes(wire + "\n\n\0"));

        Assert.Equal(command, frame.Command);
        Assert.Empty(frame.Headers);
        Assert.True(frame.Body.IsEmpty);
    }

    [Theory]
    [InlineData("send")]
    [InlineData("Send")]
    [InlineData("FOO")]
    [InlineData("SENDX")]
    [InlineData(" SEND")]
    [InlineData("SEND ")]
    [InlineData("NONE")]
    public void UnknownOrMiscasedCommandIsAProtocolError(string command)
    {
        var error = ParseFails(Bytes(command + "\ndestination:/a\n\n\0"));

        Assert.Equal(StompLimit.None, error.Limit);
        Assert.Contains("Unknown command", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCommandErrorShowsOnlyAPrintablePrefix()
    {
        var error = ParseFails(Bytes(new string('Z', 100) + "\u0001\n\n\0"));

        Assert.DoesNotContain(new string('Z', 33), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u0001', error.Message);
    }

    [Fact]
    public void HeaderLineWithoutColonIsAProtocolError()
    {
        var error = ParseFails(Bytes("SEND\ndestination:/a\nno-colon-here\n\nbody\0"));

        Assert.Equal(StompLimit.None, error.Limit);
        Assert.Contains("':'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderValueMayHoldColonsAfterTheFirst()
    {
        var frame = ParseSingle(Bytes("CONNECT\nlogin:a:b:c\npasscode:\n\n\0"));

        Assert.Equal(Pairs(("login", "a:b:c"), ("passcode", "")), frame.Headers.ToArray());
    }

    [Fact]
    public void HeaderValuesAreNeverTrimmed()
    {
        var frame = ParseSingle(Bytes("SEND\n foo : bar \n\n\0"));

        Assert.Equal(Pairs((" foo ", " bar ")), frame.Headers.ToArray());
    }

    [Fact]
    public void RepeatedHeadersAreAllKeptAndTheFirstWinsOnLookup()
    {
        var frame = ParseSingle(Bytes("MESSAGE\nfoo:World\nfoo:Hello\n\n\0"));

        Assert.Equal("World", frame["foo"]);
        Assert.Equal("World", frame.Headers["foo"]);
        Assert.True(frame.Headers.TryGet("foo", out var value));
        Assert.Equal("World", value);
        Assert.Equal(Pairs(("foo", "World"), ("foo", "Hello")), frame.Headers.ToArray());
    }

    [Fact]
    public void HeaderNamesAreCaseSensitive()
    {
        var frame = ParseSingle(Bytes("SEND\nDestination:/upper\ndestination:/lower\n\n\0"));

        Assert.Equal("/lower", frame["destination"]);
        Assert.Equal("/upper", frame["Destination"]);
    }

    [Fact]
    public void KnownHeaderNamesAreReturnedAsTheInternedInstances()
    {
        var frame = ParseSingle(Bytes("SEND\ndestination:/a\ncontent-type:text/plain\nx-custom:1\n\n\0"));

        Assert.Same(StompHeaderNames.Destination, frame.Headers[0].Key);
        Assert.Same(StompHeaderNames.ContentType, frame.Headers[1].Key);
        Assert.Equal("x-custom", frame.Headers[2].Key);
    }

    [Fact]
    public void BodyWithoutContentLengthRunsToTheFirstNul()
    {
        var buffer = new ReadOnlySequence<byte>(Bytes("SEND\ndestination:/a\n\nfirst\0SEND\ndestination:/b\n\nsecond\0"));
        var frames = ParseAll(Parser(), ref buffer);

        Assert.Equal(["first", "second"], frames.Select(f => Text(f.Body)));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void ContentLengthBodyMayHoldNulBytes()
    {
        var frame = ParseSingle(Bytes("SEND\ndestination:/a\ncontent-length:7\n\n\0a\0\0b\0\0\0"));

        Assert.Equal(new byte[] { 0, (byte)'a', 0, 0, (byte)'b', 0, 0 }, frame.Body.ToArray());
        Assert.Equal("7", frame["content-length"]);
    }

    [Fact]
    public void ZeroContentLengthMeansAnEmptyBody()
    {
        var frame = ParseSingle(Bytes("SEND\ncontent-length:0\n\n\0"));

        Assert.True(frame.Body.IsEmpty);
    }

    [Fact]
    public void ContentLengthWithLeadingZerosIsAnOctetCount()
    {
        var frame = ParseSingle(Bytes("SEND\ncontent-length:003\n\nabc\0"));

        Assert.Equal("abc", Text(frame.Body));
    }

    [Fact]
    public void FirstOfRepeatedContentLengthHeadersDecidesTheBody()
    {
        var frame = ParseSingle(Bytes("SEND\ncontent-length:2\ncontent-length:5\n\nab\0"));

        Assert.Equal("ab", Text(frame.Body));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("+3")]
    [InlineData(" 3")]
    [InlineData("3 ")]
    [InlineData("1.5")]
    [InlineData("0x10")]
    [InlineData("99999999999")]
    public void BadContentLengthIsAProtocolError(string value)
    {
        var error = ParseFails(Bytes($"SEND\ncontent-length:{value}\n\nabc\0"));

        Assert.Equal(StompLimit.None, error.Limit);
        Assert.Contains("content-length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BodyLongerThanItsContentLengthIsAProtocolError()
    {
        var error = ParseFails(Bytes("SEND\ncontent-length:2\n\nabc\0"));

        Assert.Equal(StompLimit.None, error.Limit);
        Assert.Contains("content-length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BodyShorterThanItsContentLengthWaitsForMore()
    {
        var parser = Parser();
        var buffer = new ReadOnlySequence<byte>(Bytes("SEND\ncontent-length:10\n\nabc\0"));

        Assert.False(parser.TryParseFrame(ref buffer, out _));
        Assert.Equal(28, buffer.Length);

        buffer = Sequences.Append(buffer, Bytes("defghi\0"));
        Assert.True(parser.TryParseFrame(ref buffer, out var frame));
        Assert.Equal("abc\0defghi", Text(frame.Body));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void SeveralFramesInOneBufferComeOutInOrder()
    {
        var buffer = new ReadOnlySequence<byte>(Bytes(
            "SEND\ndestination:/a\n\none\0" +
            "SUBSCRIBE\nid:1\ndestination:/b\n\n\0" +
            "SEND\ncontent-length:3\n\nt\0o\0" +
            "DISCONNECT\nreceipt:9\n\n\0"));

        var frames = ParseAll(Parser(), ref buffer);

        Assert.Equal([StompCommand.Send, StompCommand.Subscribe, StompCommand.Send, StompCommand.Disconnect], frames.Select(f => f.Command));
        Assert.Equal("one", Text(frames[0].Body));
        Assert.Equal("t\0o", Text(frames[2].Body));
        Assert.Equal("9", frames[3]["receipt"]);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void SuccessfulParseSlicesTheBufferJustPastTheNul()
    {
        var bytes = Bytes("SEND\n\na\0SEND\n\nb\0");
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.True(Parser().TryParseFrame(ref buffer, out _));
        Assert.Equal("SEND\n\nb\0", Text(buffer.ToArray()));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\n\n\n")]
    [InlineData("\r\n\r\n\n\r\n")]
    public void HeartbeatEolsBeforeBetweenAndAfterFramesAreSkipped(string eols)
    {
        var buffer = new ReadOnlySequence<byte>(Bytes($"{eols}SEND\n\na\0{eols}SEND\n\nb\0{eols}"));
        var frames = ParseAll(Parser(), ref buffer);

        Assert.Equal(["a", "b"], frames.Select(f => Text(f.Body)));
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [InlineData(StompVersion.V1_0)]
    [InlineData(StompVersion.V1_1)]
    [InlineData(StompVersion.V1_2)]
    public void BufferOfOnlyHeartbeatsIsConsumedAndWaitsForMore(StompVersion version)
    {
        var buffer = new ReadOnlySequence<byte>(Bytes("\n\r\n\n"));

        Assert.False(Parser(version).TryParseFrame(ref buffer, out _));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void LoneCrOfASplitCrlfHeartbeatWaitsForItsLf()
    {
        var parser = Parser();
        var buffer = new ReadOnlySequence<byte>(Bytes("\n\r"));

        Assert.False(parser.TryParseFrame(ref buffer, out _));
        Assert.Equal("\r", Text(buffer.ToArray()));

        buffer = Sequences.Append(buffer, Bytes("\nSEND\n\nx\0"));
        Assert.True(parser.TryParseFrame(ref buffer, out var frame));
        Assert.Equal("x", Text(frame.Body));
    }

    [Fact]
    public void CrlfLineEndsAreAcceptedInStomp12()
    {
        var frame = ParseSingle(Bytes("SEND\r\ndestination:/queue/a\r\nfoo:bar\r\n\r\nbody\0"));

        Assert.Equal(StompCommand.Send, frame.Command);
        Assert.Equal(Pairs(("destination", "/queue/a"), ("foo", "bar")), frame.Headers.ToArray());
        Assert.Equal("body", Text(frame.Body));
    }

    [Fact]
    public void MixedLfAndCrlfLineEndsAreAcceptedInStomp12()
    {
        var frame = ParseSingle(Bytes("SEND\ndestination:/a\r\nfoo:bar\n\r\nbody\0"));

        Assert.Equal(Pairs(("destination", "/a"), ("foo", "bar")), frame.Headers.ToArray());
    }

    [Theory]
    [InlineData(StompVersion.V1_0)]
    [InlineData(StompVersion.V1_1)]
    public void CrBeforeLfIsPartOfTheValueBeforeStomp12(StompVersion version)
    {
        var frame = ParseSingle(Bytes("SEND\r\ndestination:/queue/a\r\n\nbody\0"), version);

        Assert.Equal(StompCommand.Send, frame.Command);
        Assert.Equal("/queue/a\r", frame["destination"]);
    }

    [Theory]
    [InlineData(StompVersion.V1_0)]
    [InlineData(StompVersion.V1_1)]
    public void CrlfBlankLineIsNotAHeaderEndBeforeStomp12(StompVersion version)
    {
        var error = ParseFails(Bytes("SEND\ndestination:/a\n\r\nbody\0"), version);

        Assert.Contains("':'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StompVersion.V1_0, "CONNECT")]
    [InlineData(StompVersion.V1_1, "CONNECT")]
    [InlineData(StompVersion.V1_1, "STOMP")]
    [InlineData(StompVersion.V1_1, "CONNECTED")]
    public void ConnectFamilyAcceptsCrlfInAnyVersion(StompVersion version, string command)
    {
        var frame = ParseSingle(Bytes($"{command}\r\naccept-version:1.0,1.1,1.2\r\nhost:h\r\n\r\n\0"), version);

        Assert.Equal(Pairs(("accept-version", "1.0,1.1,1.2"), ("host", "h")), frame.Headers.ToArray());
    }

    [Fact]
    public void EmptyHeaderValueIsAllowed()
    {
        var frame = ParseSingle(Bytes("SEND\nfoo:\n\n\0"));

        Assert.Equal(string.Empty, frame["foo"]);
    }

    [Fact]
    public void HeadersAndBodyAreUtf8()
    {
        var frame = ParseSingle(Bytes("SEND\nnäme:漢字😀\n\nhéllo\0"));

        Assert.Equal("漢字😀", frame["näme"]);
        Assert.Equal("héllo", Text(frame.Body));
    }

    [Fact]
    public void ParsedBodyOutlivesTheReadBuffer()
    {
        var bytes = Bytes("SEND\n\nkeep me\0SEND\ncontent-length:2\n\nok\0");
        var buffer = new ReadOnlySequence<byte>(bytes);
        var frames = ParseAll(Parser(), ref buffer);

        Array.Fill(bytes, (byte)'#');

        Assert.Equal("keep me", Text(frames[0].Body));
        Assert.Equal("ok", Text(frames[1].Body));
    }

    [Theory]
    [MemberData(nameof(SampleFrames))]
    public void PartialFrameAtAnySplitPointWaitsForMore(string wire)
    {
        var bytes = Bytes(wire);
        var expected = ParseSingle(bytes);
        var bodyEnd = wire.LastIndexOf('\0');

        for (var split = 0; split <= bodyEnd; split++)
        {
            var parser = Parser();
            var prefix = new ReadOnlySequence<byte>(bytes.AsMemory(0, split));

            Assert.False(parser.TryParseFrame(ref prefix, out _), $"split {split}");

            var rest = Sequences.Append(prefix, bytes.AsMemory(split));
            Assert.True(parser.TryParseFrame(ref rest, out var frame), $"split {split}");
            AssertSameFrame(expected, frame);
        }
    }

    [Theory]
    [MemberData(nameof(SampleFrames))]
    public void NeedMoreLeavesTheBufferAtTheStartOfTheIncompleteFrame(string wire)
    {
        var bytes = Bytes(wire);
        var frameStart = wire.Length - wire.TrimStart('\r', '\n').Length;

        for (var split = frameStart + 1; split < wire.LastIndexOf('\0'); split++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes.AsMemory(0, split));

            Assert.False(Parser().TryParseFrame(ref buffer, out _));
            Assert.Equal(split - frameStart, buffer.Length);
        }
    }

    [Fact]
    public void VersionDefaultsToStomp12()
    {
        Assert.Equal(StompVersion.V1_2, new StompParser().Version);
        Assert.Same(StompParserOptions.Default, new StompParser().Options);
    }

    [Fact]
    public void FrameToStringNamesCommandHeaderCountAndBodySize()
    {
        var frame = new StompFrame(StompCommand.Send).With("a", "1").With("b", "2");
        frame.Body = new byte[] { 1, 2, 3 };

        Assert.Equal("SEND (2 headers, 3 bytes)", frame.ToString());
    }
}
