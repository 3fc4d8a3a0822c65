using System.Globalization;
using System.Text;

namespace CustomerChat.Broker.Automation;

/// <summary>
/// Finds words in a text: a word is a run of Unicode letters (with the combining marks that follow them, so a
/// decomposed <c>u</c> + <c>¨</c> stays inside its word), read by code point so letters outside the Basic
/// Multilingual Plane count too. Everything else (digits, punctuation, spaces, emoji) separates words. Shared by the
/// <c>profanity</c> step and, with digits counted as word characters (<c>24</c>, <c>iPhone15</c>), the bot's keyword
/// matching.
/// </summary>
internal static class WordScanner
{
    /// <summary>
    /// Finds the first word at or after <paramref name="position"/> in <paramref name="text"/>: its
    /// <paramref name="start"/> and <paramref name="length"/> in UTF-16 units; <paramref name="position"/> moves past it.
    /// False when there is none. With <paramref name="digits"/>, decimal digits are word characters too.
    /// </summary>
    public static bool Next(ReadOnlySpan<char> text, ref int position, out int start, out int length, bool digits = false)
    {
        var i = position;
        while (i < text.Length)
        {
            Rune.DecodeFromUtf16(text[i..], out var rune, out var consumed);
            if (Rune.IsLetter(rune) || (digits && Rune.IsDigit(rune)))
            {
                start = i;
                i += consumed;
                while (i < text.Length)
                {
                    Rune.DecodeFromUtf16(text[i..], out rune, out consumed);
                    if (!Rune.IsLetter(rune) && !IsMark(rune) && !(digits && Rune.IsDigit(rune)))
                    {
                        break;
                    }

                    i += consumed;
                }

                length = i - start;
                position = i;
                return true;
            }

            i += consumed;
        }

        position = text.Length;
        start = length = 0;
        return false;
    }

    /// <summary>
    /// The words of <paramref name="text"/>, in order, accented Latin letters composed (<see cref="LatinComposition"/>);
    /// with <paramref name="digits"/> digits are word characters.
    /// </summary>
    public static List<string> Split(string text, bool digits = false)
    {
        if (HasMarks(text))
        {
            text = LatinComposition.Compose(text);
        }

        var words = new List<string>();
        var position = 0;
        while (Next(text, ref position, out var start, out var length, digits))
        {
            words.Add(text.Substring(start, length));
        }

        return words;
    }

    /// <summary>How many Unicode code points <paramref name="text"/> holds (a surrogate pair is one).</summary>
    public static int CodePoints(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>Whether <paramref name="text"/> holds a combining mark (then it may hold decomposed accented letters).</summary>
    public static bool HasMarks(ReadOnlySpan<char> text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsMark(rune))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsMark(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark
        or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
}
