using System.Globalization;
using System.Text;

namespace CustomerChat.Broker.Workspace.Transcripts;

/// <summary>
/// Writes a transcript as plain text (docs/protocol.md §14 "Transcripts"): one line per message, in the
/// order given, <c>[2026-11-25 14:03:07 UTC] Ada: text</c>. A private note, only when
/// <c>includePrivate</c> is true (agents), reads <c>[…] Alice (note): text</c>; otherwise notes are left out
/// entirely. Line breaks inside a message become <c> ↵ </c> and other control characters a space, so a
/// message never spans two lines. Every line ends with <c>\n</c>; no message gives an empty string. Pure.
/// </summary>
public static class TranscriptFormatter
{
    /// <summary>The marker written in place of a line break inside a message.</summary>
    public const string LineBreak = " \u21B5 ";

    /// <summary>Formats <paramref name="entries"/>.</summary>
    /// <param name="entries">The messages, oldest first.</param>
    /// <param name="includePrivate">Whether private notes are written (true only for agents).</param>
    /// <param name="zone">The time zone of the times; null = UTC, written as <c>UTC</c>, else as the offset (<c>+01:00</c>).</param>
    public static string Format(IEnumerable<TranscriptEntry> entries, bool includePrivate, TimeZoneInfo? zone = null)
    {
        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            if (entry.IsPrivate && !includePrivate)
            {
                continue;
            }

            text.Append('[').Append(FormatTime(entry.Timestamp, zone)).Append("] ")
                .Append(OneLine(entry.SenderName))
                .Append(entry.IsPrivate ? " (note)" : "")
                .Append(": ")
                .Append(OneLine(entry.Text))
                .Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A time as a transcript writes it: <c>yyyy-MM-dd HH:mm:ss UTC</c>, or with the zone's offset.</summary>
    public static string FormatTime(DateTimeOffset time, TimeZoneInfo? zone = null)
    {
        if (zone is null || zone == TimeZoneInfo.Utc)
        {
            return time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
        }

        return TimeZoneInfo.ConvertTime(time, zone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
    }

    private static string OneLine(string text)
    {
        var line = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                line.Append(LineBreak);
            }
            else
            {
                line.Append(char.IsControl(c) ? ' ' : c);
            }
        }

        return line.ToString();
    }
}
