using System.Text;

namespace CustomerChat.Broker.Automation;

/// <summary>
/// Composes a Latin letter followed by a combining accent into the one precomposed letter (<c>u</c> + U+0308 →
/// <c>ü</c>), for the letters of English, German, French, Spanish, Portuguese and the Nordic languages. The broker runs
/// in globalization-invariant mode, where <see cref="string.Normalize()"/> changes nothing, so word lists and
/// keywords compare decomposed input through this instead of full Unicode NFC.
/// </summary>
internal static class LatinComposition
{
    private static readonly Dictionary<(char Letter, char Mark), char> Table = Build();

    /// <summary><paramref name="text"/> with every known letter + combining mark pair composed; other characters unchanged.</summary>
    public static string Compose(ReadOnlySpan<char> text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (result.Length > 0 && Table.TryGetValue((result[^1], c), out var composed))
            {
                result[^1] = composed;
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private static Dictionary<(char, char), char> Build()
    {
        var table = new Dictionary<(char, char), char>();
        foreach (var (mark, letters, composed) in new[]
        {
            ('\u0300', "AEIOUaeiou", "ÀÈÌÒÙàèìòù"),          // grave
            ('\u0301', "AEIOUYaeiouy", "ÁÉÍÓÚÝáéíóúý"),      // acute
            ('\u0302', "AEIOUaeiou", "ÂÊÎÔÛâêîôû"),          // circumflex
            ('\u0303', "ANOano", "ÃÑÕãñõ"),                  // tilde
            ('\u0308', "AEIOUaeiouy", "ÄËÏÖÜäëïöüÿ"),        // diaeresis (umlaut)
            ('\u030A', "Aa", "Åå"),                          // ring above
            ('\u0327', "Cc", "Çç"),                          // cedilla
        })
        {
            for (var i = 0; i < letters.Length; i++)
            {
                table[(letters[i], mark)] = composed[i];
            }
        }

        return table;
    }
}
