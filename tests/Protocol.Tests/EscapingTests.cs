using System.Buffers;
using System.Text;
using CustomerChat.Protocol.Tests.Support;
using static CustomerChat.Protocol.Tests.Support.Wire;

namespace CustomerChat.Protocol.Tests;

/// <summary>Header value encoding per version (STOMP 1.2 and 1.1 §"Value Encoding"; 1.0 has none).</summary>
public sealed class EscapingTests
{
    [Fact]
    public void Stomp12UnescapesCrLfColonAndBackslash()
    {
        var frame = ParseSingle(Bytes("SEND\nfoo:a\\rb\\nc\\cd\\\\e\n\n\0"));

        Assert.Equal("a\rb\nc:d\\e", frame["foo"]);
    }

    [Fact]
    public void Stomp12UnescapesHeaderNamesToo()
    {
        var frame = ParseSingle(Bytes("SEND\nk\\cey\\n\\\\:v\\c\n\n\0"));

        Assert.Equal(Pairs(("k:ey\n\\", "v:")), frame.Headers.ToArray());
    }

    [Fact]
    public void EscapedBackslashBeforeLetterIsNotAnEscape()
    {
        var frame = ParseSingle(Bytes("SEND\nfoo:\\\\n\\\\c\n\n\0"));

        Assert.Equal("\\n\\c", frame["foo"]);
    }

    [Fact]
    public void Stomp11UnescapesLfColonAndBackslash()
    {
        var frame = ParseSingle(Bytes("SEND\nfoo:b\\nc\\cd\\\\e\n\n\0"), StompVersion.V1_1);

        Assert.Equal("b\nc:d\\e", frame["foo"]);
    }

    [Fact]
    public void Stomp11RejectsTheCrEscape()
    {
        var error = ParseFails(Bytes("SEND\nfoo:a\\rb\n\n\0"), StompVersion.V1_1);

        Assert.Equal(StompLimit.None, error.Limit);
        Assert.Contains("\\r", error.Message, StringComparison.Ordinal);
        Assert.Contains("1.1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stomp10HasNoEscapes()
    {
        var frame = ParseSingle(Bytes("SEND\nfoo:a\\nb\\cc\\\\d\\te\\\n\n\0"), StompVersion.V1_0);

        Assert.Equal("a\\nb\\cc\\\\d\\te\\", frame["foo"]);
    }

    [Theory]
    [InlineData(StompVersion.V1_1, "\\t")]
    [InlineData(StompVersion.V1_2, "\\t")]
    [InlineData(StompVersion.V1_2, "\\a")]
    [InlineData(StompVersion.V1_2, "\\C")]
    [InlineData(StompVersion.V1_2, "\\N")]
    [InlineData(StompVersion.V1_2, "\\ ")]
    [InlineData(StompVersion.V1_2, "\\0")]
    public void UndefinedEscapeInAValueIsAProtocolError(StompVersion version, string escape)
    {
        var error = ParseFails(Bytes($"SEND\nfoo:x{escape}y\n\n\0"), version);

        Assert.Equal(StompLimit.None, error.Limit);
        Assert.Contains("escape", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UndefinedEscapeInANameIsAProtocolError()
    {
        var error = ParseFails(Bytes("SEND\nf\\too:bar\n\n\0"));

        Assert.Contains("\\t", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StompVersion.V1_1)]
    [InlineData(StompVersion.V1_2)]
    public void TrailingLoneBackslashIsAProtocolError(StompVersion version)
    {
        var error = ParseFails(Bytes("SEND\nfoo:bar\\\n\n\0"), version);

        Assert.Contains("backslash", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StompVersion.V1_0, "CONNECT")]
    [InlineData(StompVersion.V1_1, "CONNECT")]
    [InlineData(StompVersion.V1_2, "CONNECT")]
    [InlineData(StompVersion.V1_2, "STOMP")]
    [InlineData(StompVersion.V1_2, "CONNECTED")]
    [InlineData(StompVersion.V1_1, "CONNECTED")]
    public void ConnectFamilyHeadersAreNeverUnescaped(StompVersion version, string command)
    {
        var frame = ParseSingle(Bytes($"{command}\nlogin:a\\nb\\c\\\\\npasscode:p\\t:w\\\n\n\0"), version);

        Assert.Equal(Pairs(("login", "a\\nb\\c\\\\"), ("passcode", "p\\t:w\\")), frame.Headers.ToArray());
    }

    [Fact]
    public void ErrorAndMessageFramesAreUnescaped()
    {
        var buffer = new ReadOnlySequence<byte>(Bytes("ERROR\nmessage:a\\cb\n\n\0MESSAGE\nsubscription:s\\n1\n\n\0"));
        var frames = ParseAll(Parser(), ref buffer);

        Assert.Equal("a:b", frames[0]["message"]);
        Assert.Equal("s\n1", frames[1]["subscription"]);
    }

    [Theory]
    [InlineData(StompCommand.Connect, StompVersion.V1_2, false)]
    [InlineData(StompCommand.Stomp, StompVersion.V1_2, false)]
    [InlineData(StompCommand.Connected, StompVersion.V1_1, false)]
    [InlineData(StompCommand.Send, StompVersion.V1_0, false)]
    [InlineData(StompCommand.Message, StompVersion.V1_0, false)]
    [InlineData(StompCommand.Send, StompVersion.V1_1, true)]
    [InlineData(StompCommand.Message, StompVersion.V1_2, true)]
    [InlineData(StompCommand.Error, StompVersion.V1_2, true)]
    [InlineData(StompCommand.Subscribe, StompVersion.V1_2, true)]
    public void HeadersAreEscapedOnlyFrom11AndNeverForConnectFrames(StompCommand command, StompVersion version, bool escaped)
    {
        Assert.Equal(escaped, StompHeaderEscaping.IsEscaped(command, version));
    }

    [Fact]
    public void WriterEscapesCrLfColonAndBackslashIn12()
    {
        var bytes = Write(new StompFrame(StompCommand.Send).With("k:\r", "a\r\nb:c\\d"), StompVersion.V1_2);

        Assert.Equal("SEND\nk\\c\\r:a\\r\\nb\\cc\\\\d\n\n\0", Text(bytes));
    }

    [Fact]
    public void WriterLeavesCrRawIn11()
    {
        var bytes = Write(new StompFrame(StompCommand.Send).With("k", "a\r\nb:c\\d"), StompVersion.V1_1);

        Assert.Equal("SEND\nk:a\r\\nb\\cc\\\\d\n\n\0", Text(bytes));
    }

    [Fact]
    public void WriterEscapesNothingIn10()
    {
        var bytes = Write(new StompFrame(StompCommand.Send).With("k", "a:b\\c"), StompVersion.V1_0);

        Assert.Equal("SEND\nk:a:b\\c\n\n\0", Text(bytes));
    }

    [Theory]
    [InlineData(StompCommand.Connect)]
    [InlineData(StompCommand.Stomp)]
    [InlineData(StompCommand.Connected)]
    public void WriterNeverEscapesConnectFamily(StompCommand command)
    {
        var bytes = Write(new StompFrame(command).With("passcode", "a:b\\c"), StompVersion.V1_2);

        Assert.EndsWith("\npasscode:a:b\\c\n\n\0", Text(bytes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("plain", "plain")]
    [InlineData("\\n", "\n")]
    [InlineData("\\r", "\r")]
    [InlineData("\\c", ":")]
    [InlineData("\\\\", "\\")]
    [InlineData("é\\c漢\\n😀", "é:漢\n😀")]
    public void UnescapeDecodesUtf8AndEscapes(string raw, string expected)
    {
        Assert.Equal(expected, StompHeaderEscaping.Unescape(Bytes(raw), StompVersion.V1_2, escaped: true));
    }

    [Fact]
    public void UnescapeWithEscapingOffKeepsBackslashes()
    {
        Assert.Equal("a\\tb", StompHeaderEscaping.Unescape(Bytes("a\\tb"), StompVersion.V1_2, escaped: false));
    }

    [Theory]
    [InlineData(StompVersion.V1_0)]
    [InlineData(StompVersion.V1_1)]
    [InlineData(StompVersion.V1_2)]
    public void EscapeThenUnescapeRestoresAnyText(StompVersion version)
    {
        var random = new Random(1201 + (int)version);
        for (var i = 0; i < 500; i++)
        {
            var text = RandomFrames.Text(random, StompCommand.Send, version, isName: false);
            var output = new ArrayBufferWriter<byte>();
            var escaped = version != StompVersion.V1_0;

            StompHeaderEscaping.Write(output, text, version, escaped);

            var wire = output.WrittenSpan;
            if (escaped)
            {
                Assert.True(wire.IndexOf((byte)'\n') < 0, "an escaped value holds no LF");
                Assert.True(wire.IndexOf((byte)':') < 0, "an escaped value holds no colon");
            }

            if (version == StompVersion.V1_2)
            {
                Assert.True(wire.IndexOf((byte)'\r') < 0, "a 1.2 value holds no CR");
            }

            Assert.Equal(text, StompHeaderEscaping.Unescape(wire, version, escaped));
        }
    }

    [Fact]
    public void WriteEmitsUtf8()
    {
        var output = new ArrayBufferWriter<byte>();

        StompHeaderEscaping.Write(output, "é:😀", StompVersion.V1_2, escaped: true);

        Assert.Equal(Encoding.UTF8.GetBytes("é\\c😀"), output.WrittenSpan.ToArray());
    }
}
