using System.Text;

namespace CustomerChat.Broker.Automation;

/// <summary>
/// The words the <c>profanity</c> step masks: whole words compared case-insensitively (ordinal, Unicode simple case
/// folding) with accented Latin letters composed (see <see cref="LatinComposition"/>), plus stems (entries ending in <c>*</c>) that match every word starting with them.
/// Lookups allocate nothing unless the word holds combining marks. Immutable and thread-safe once built.
/// </summary>
public sealed class ProfanityList
{
    /// <summary>The file names of the built-in lists: <c>profanity.&lt;language&gt;.txt</c>.</summary>
    public const string FilePattern = "profanity.*.txt";

    private readonly HashSet<string> _words;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly string[] _stems;

    /// <summary>A list of <paramref name="entries"/> (blank entries and <c>#</c> comments ignored).</summary>
    public ProfanityList(IEnumerable<string> entries)
    {
        _words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var stems = new List<string>();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry.Length == 0 || entry.StartsWith('#'))
            {
                continue;
            }

            entry = LatinComposition.Compose(entry);
            if (entry.EndsWith('*'))
            {
                if (entry.Length > 1)
                {
                    stems.Add(entry[..^1]);
                }
            }
            else
            {
                _words.Add(entry);
            }
        }

        _lookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
        _stems = [.. stems.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>How many whole words the list holds.</summary>
    public int WordCount => _words.Count;

    /// <summary>How many stems (<c>word*</c> entries) the list holds.</summary>
    public int StemCount => _stems.Length;

    /// <summary>The entries of every <see cref="FilePattern"/> file in <paramref name="directory"/> (one entry per line, <c>#</c> comments).</summary>
    /// <exception cref="InvalidOperationException">The directory holds no such file.</exception>
    public static IEnumerable<string> ReadBuiltIn(string directory)
    {
        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, FilePattern) : [];
        if (files.Length == 0)
        {
            throw new InvalidOperationException($"The built-in profanity lists ({FilePattern}) are missing from '{directory}'; " +
                "reinstall the broker or set CustomerChat:Pipeline:Profanity:UseBuiltInLists=false.");
        }

        return files.Order(StringComparer.Ordinal).SelectMany(File.ReadLines).ToList();
    }

    /// <summary>Whether the whole word <paramref name="word"/> is on the list (or starts with a stem of it).</summary>
    public bool Contains(ReadOnlySpan<char> word)
    {
        if (Matches(word))
        {
            return true;
        }

        // A decomposed umlaut (u + U+0308) would not equal the composed list entry: compare the composed form.
        return WordScanner.HasMarks(word) && Matches(LatinComposition.Compose(word));
    }

    /// <summary>
    /// <paramref name="text"/> with every listed word replaced by as many <c>*</c> as it has code points; the same
    /// string instance when nothing matched.
    /// </summary>
    public string Mask(string text)
    {
        StringBuilder? masked = null;
        var copied = 0;
        var position = 0;
        while (WordScanner.Next(text, ref position, out var start, out var length))
        {
            var word = text.AsSpan(start, length);
            if (!Contains(word))
            {
                continue;
            }

            masked ??= new StringBuilder(text.Length);
            masked.Append(text, copied, start - copied).Append('*', WordScanner.CodePoints(word));
            copied = start + length;
        }

        return masked is null ? text : masked.Append(text, copied, text.Length - copied).ToString();
    }

    private bool Matches(ReadOnlySpan<char> word)
    {
        if (_lookup.Contains(word))
        {
            return true;
        }

        foreach (var stem in _stems)
        {
            if (word.StartsWith(stem, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
