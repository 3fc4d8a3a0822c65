using System.Globalization;
using System.Text;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// How messages and <c>q</c> are cut into words for the text search (docs/protocol.md §14 "Filters and
/// search"): maximal runs of letters and digits, lower-cased with the invariant culture, 1 to
/// <see cref="MaxWordLength"/> characters (longer runs are cut), each word once, in order of first appearance.
/// </summary>
public static class SearchWords
{
    /// <summary>The longest indexed word, in UTF-16 characters.</summary>
    public const int MaxWordLength = 64;

    /// <summary>The most distinct words taken from one text.</summary>
    public const int MaxWordsPerText = 256;

    /// <summary>The distinct words of <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> Of(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return words;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var word = new StringBuilder();
        void Flush()
        {
            if (word.Length > 0)
            {
                var w = word.ToString(0, Math.Min(word.Length, MaxWordLength));
                if (seen.Add(w) && words.Count < MaxWordsPerText)
                {
                    words.Add(w);
                }

                word.Clear();
            }
        }

        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return words;
    }
}
