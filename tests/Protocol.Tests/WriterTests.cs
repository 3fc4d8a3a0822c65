using System.Buffers;
using CustomerChat.Protocol.Tests.Support;
using static CustomerChat.Protocol.Tests.Support.Wire;

namespace CustomerChat.Protocol.Tests;

/// <summary><see cref="StompWriter"/>: frames, content-length, and the once-per-publish MESSAGE.</summary>
public sealed class WriterTests
{
    [Fact]
    public void WritesTheSpecSendExampleByteForByte()
    {
        var frame = new StompFrame(StompCommand.Send).With("destination", "/queue/a").With("content-type", "text/plain");
        frame.Body = Bytes("hello queue a");

        Assert.Equal("SEND\ndestination:/queue/a\ncontent-type:text/plain\n\nhello queue a\0", Text(Write(frame, StompVersion.V1_2)));
    }

    [Fact]
    public void WritesAFrameWithoutHeadersOrBody()
    {
        Assert.Equal("DISCONNECT\n\n\0", Text(Write(new StompFrame(StompCommand.Disconnect), StompVersion.V1_2)));
    }

    [Theory]
    [InlineData(StompVersion.V1_0)]
    [InlineData(StompVersion.V1_1)]
    [InlineData(StompVersion.V1_2)]
    public void AddsContentLengthWhenTheBodyHoldsNul(StompVersion version)
    {
        var frame = new StompFrame(StompCommand.Send).With("destination", "/a");
        frame.Body = new byte[] { 1, 0, 2 };

        var bytes = Write(frame, version);

        Assert.Equal("SEND\ndestination:/a\ncontent-length:3\n\n\u0001\0\u0002\0", Text(bytes));
        Assert.Equal(new byte[] { 1, 0, 2 }, ParseSingle(bytes, version).Body.ToArray());
    }

    [Fact]
    public void AddsNoContentLengthWhenTheBodyHasNoNul()
    {
        var frame = new StompFrame(StompCommand.Send);
        frame.Body = Bytes("plain");

        Assert.Equal("SEND\n\nplain\0", Text(Write(frame, StompVersion.V1_2)));
    }

    [Fact]
    public void KeepsAMatchingContentLengthWithoutAddingAnother()
    {
        var frame = new StompFrame(StompCommand.Send).With("content-length", "3").With("x", "y");
        frame.Body = new byte[] { 0, 0, 0 };

        Assert.Equal("SEND\ncontent-length:3\nx:y\n\n\0\0\0\0", Text(Write(frame, StompVersion.V1_2)));
    }

    [Theory]
    [InlineData("4")]
    [InlineData("2")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("-3")]
    public void MismatchedContentLengthThrowsArgumentException(string declared)
    {
        var frame = new StompFrame(StompCommand.Send).With("content-length", declared);
        frame.Body = Bytes("abc");

        Assert.Throws<ArgumentException>("frame", () => Write(frame, StompVersion.V1_2));
    }

    [Fact]
    public void MismatchedContentLengthWritesNothing()
    {
        var output = new ArrayBufferWriter<byte>();
        var frame = new StompFrame(StompCommand.Send).With("destination", "/a").With("content-length", "9");
        frame.Body = Bytes("abc");

        Assert.Throws<ArgumentException>(() => StompWriter.WriteFrame(output, frame, StompVersion.V1_2));

        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void ContentLengthWithLeadingZerosMatchesAsTheParserReadsIt()
    {
        var frame = new StompFrame(StompCommand.Send).With("content-length", "003");
        frame.Body = Bytes("abc");

        Assert.Equal("abc", Text(ParseSingle(Write(frame, StompVersion.V1_2)).Body));
    }

    [Fact]
    public void RepeatedHeadersAreAllWrittenInOrder()
    {
        var frame = new StompFrame(StompCommand.Message).With("foo", "World").With("bar", "x").With("foo", "Hello");

        Assert.Equal("MESSAGE\nfoo:World\nbar:x\nfoo:Hello\n\n\0", Text(Write(frame, StompVersion.V1_2)));
    }

    [Fact]
    public void NoneCommandCannotBeWritten()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Write(new StompFrame(StompCommand.None), StompVersion.V1_2));
    }

    [Fact]
    public void NullFrameIsRejected()
    {
        Assert.Throws<ArgumentNullException>(() => StompWriter.WriteFrame(new ArrayBufferWriter<byte>(), null!, StompVersion.V1_2));
    }

    [Fact]
    public void HeartbeatIsASingleLf()
    {
        Assert.Equal("\n"u8.ToArray(), StompWriter.Heartbeat.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(65536)]
    [InlineData(int.MaxValue)]
    public void WriteContentLengthWritesTheDecimalOctetCount(int length)
    {
        var output = new ArrayBufferWriter<byte>();

        StompWriter.WriteContentLength(output, length);

        Assert.Equal($"content-length:{length}\n", Text(output.WrittenMemory));
    }

    [Theory]
    [InlineData(StompVersion.V1_0)]
    [InlineData(StompVersion.V1_1)]
    [InlineData(StompVersion.V1_2)]
    public void EncodedMessageTailReadsBackWithSubscriptionAndAck(StompVersion version)
    {
        var headers = new StompHeaders()
            .Add("destination", "/topic/team")
            .Add("message-id", "m-1")
            .Add("content-type", "application/json");
        var body = Bytes("{\"message\":\"hi\\u0000\"}\0tail");
        var tail = StompWriter.EncodeMessageTail(headers, body, version);
        var output = new ArrayBufferWriter<byte>();

        StompWriter.WriteMessage(output, "sub-1", "ack-7", tail, version);

        var frame = ParseSingle(output.WrittenSpan.ToArray(), version);
        Assert.Equal(StompCommand.Message, frame.Command);
        Assert.Equal(
            Pairs(
                ("subscription", "sub-1"),
                ("ack", "ack-7"),
                ("destination", "/topic/team"),
                ("message-id", "m-1"),
                ("content-type", "application/json"),
                ("content-length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            frame.Headers.ToArray());
        Assert.Equal(body, frame.Body.ToArray());
    }

    [Fact]
    public void MessageWithoutAckHasNoAckHeader()
    {
        var tail = StompWriter.EncodeMessageTail(new StompHeaders().Add("destination", "/a"), Bytes("x"), StompVersion.V1_2);
        var output = new ArrayBufferWriter<byte>();

        StompWriter.WriteMessage(output, "0", null, tail, StompVersion.V1_2);

        Assert.Equal("MESSAGE\nsubscription:0\ndestination:/a\ncontent-length:1\n\nx\0", Text(output.WrittenMemory));
    }

    [Fact]
    public void OneTailServesManySubscribers()
    {
        var tail = StompWriter.EncodeMessageTail(new StompHeaders().Add("destination", "/a").Add("message-id", "1"), Bytes("hello"), StompVersion.V1_2);
        var output = new ArrayBufferWriter<byte>();
        for (var i = 0; i < 3; i++)
        {
            StompWriter.WriteMessage(output, $"s{i}", i == 1 ? "a1" : null, tail, StompVersion.V1_2);
        }

        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        var frames = ParseAll(Parser(), ref buffer);

        Assert.Equal(["s0", "s1", "s2"], frames.Select(f => f["subscription"]));
        Assert.Equal([null, "a1", null], frames.Select(f => f["ack"]));
        Assert.All(frames, f => Assert.Equal("hello", Text(f.Body)));
    }

    [Fact]
    public void MessageSubscriptionAndAckAreEscapedIn12()
    {
        var tail = StompWriter.EncodeMessageTail(new StompHeaders().Add("destination", "/a:b"), ReadOnlySpan<byte>.Empty, StompVersion.V1_2);
        var output = new ArrayBufferWriter<byte>();

        StompWriter.WriteMessage(output, "sub:1\n", "ack\\\r", tail, StompVersion.V1_2);

        Assert.StartsWith("MESSAGE\nsubscription:sub\\c1\\n\nack:ack\\\\\\r\ndestination:/a\\cb\n", Text(output.WrittenMemory), StringComparison.Ordinal);
        var frame = ParseSingle(output.WrittenSpan.ToArray());
        Assert.Equal("sub:1\n", frame["subscription"]);
        Assert.Equal("ack\\\r", frame["ack"]);
        Assert.Equal("/a:b", frame["destination"]);
    }

    [Fact]
    public void MessageTailKeepsAMatchingContentLength()
    {
        var tail = StompWriter.EncodeMessageTail(new StompHeaders().Add("content-length", "2"), Bytes("\0\0"), StompVersion.V1_2);

        Assert.Equal("content-length:2\n\n\0\0\0", Text(tail));
    }

    [Fact]
    public void MessageTailWithMismatchedContentLengthThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => StompWriter.EncodeMessageTail(new StompHeaders().Add("content-length", "5"), Bytes("ab"), StompVersion.V1_2));
    }

    [Fact]
    public void CommandsRoundTripThroughTheirWireNames()
    {
        foreach (var command in Enum.GetValues<StompCommand>().Where(c => c != StompCommand.None))
        {
            var wire = StompCommands.GetBytes(command);
            Assert.Equal(command, StompCommands.Parse(wire));
            Assert.Equal(Text(wire.ToArray()), StompCommands.GetName(command));
        }

        Assert.Equal("NONE", StompCommands.GetName(StompCommand.None));
        Assert.Equal(StompCommand.None, StompCommands.Parse(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void OnlyConnectStompAndConnectedAreTheConnectFamily()
    {
        var family = Enum.GetValues<StompCommand>().Where(StompCommands.IsConnectFamily);

        Assert.Equal([StompCommand.Connect, StompCommand.Stomp, StompCommand.Connected], family);
    }

    [Fact]
    public void HeadersSetReplacesTheFirstAndDropsRepeats()
    {
        var headers = new StompHeaders().Add("a", "1").Add("b", "2").Add("a", "3");

        headers.Set("a", "9");

        Assert.Equal(Pairs(("a", "9"), ("b", "2")), headers.ToArray());
        Assert.True(headers.Remove("b"));
        Assert.False(headers.Remove("b"));
        Assert.False(headers.Contains("b"));
        Assert.Null(headers["b"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => headers[1]);
    }
}
