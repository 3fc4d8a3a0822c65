using CustomerChat.Broker.Workspace.Transcripts;

namespace CustomerChat.Broker.Tests.Workspace;

/// <summary>The plain-text transcript: <c>[time] name: text</c>, one line per message, notes only when asked.</summary>
public sealed class TranscriptFormatterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 14, 3, 7, TimeSpan.Zero);

    private static readonly TranscriptEntry[] Conversation =
    [
        new(T0, "Ada", "Hello, my order is late.", false),
        new(T0.AddSeconds(30), "Alice", "Customer is a VIP, check the warehouse.", true),
        new(T0.AddMinutes(1), "Alice", "Let me check that for you.", false),
    ];

    [Fact]
    public void EachMessageIsOneLineWithTimeNameAndText()
    {
        var text = TranscriptFormatter.Format(Conversation, includePrivate: false);
        Assert.Equal(
            "[2026-11-25 14:03:07 UTC] Ada: Hello, my order is late.\n" +
            "[2026-11-25 14:04:07 UTC] Alice: Let me check that for you.\n",
            text);
    }

    [Fact]
    public void NotesAreLeftOutUnlessAskedForAndThenMarked()
    {
        Assert.DoesNotContain("VIP", TranscriptFormatter.Format(Conversation, includePrivate: false), StringComparison.Ordinal);

        var lines = TranscriptFormatter.Format(Conversation, includePrivate: true).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal("[2026-11-25 14:03:37 UTC] Alice (note): Customer is a VIP, check the warehouse.", lines[1]);
    }

    [Fact]
    public void LineBreaksInsideAMessageDoNotStartANewLine()
    {
        var text = TranscriptFormatter.Format([new(T0, "Ada", "first\r\nsecond\nthird\tend\u0007", false)], includePrivate: false);
        Assert.Equal("[2026-11-25 14:03:07 UTC] Ada: first \u21B5 second \u21B5 third end \n", text);
    }

    [Fact]
    public void TimesAreWrittenInTheGivenZoneWithItsOffset()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.Equal("2026-11-25 15:03:07 +01:00", TranscriptFormatter.FormatTime(T0, berlin));
        Assert.Equal("2026-11-25 14:03:07 UTC", TranscriptFormatter.FormatTime(T0.ToOffset(TimeSpan.FromHours(5))));
    }

    [Fact]
    public void NoMessagesGiveAnEmptyTranscript()
    {
        Assert.Equal("", TranscriptFormatter.Format([], includePrivate: true));
    }
}
