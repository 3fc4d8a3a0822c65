using System.Text;

namespace CustomerChat.Broker.Workspace.CannedResponses;

/// <summary>
/// Ranks canned responses against a customer's message by TF-IDF and cosine similarity (docs/protocol.md §14,
/// "Suggestions"). Pure: no I/O, no clock, the same input gives the same output.
/// <list type="number">
/// <item>Tokens: the text is lower-cased (invariant culture) and split into maximal runs of Unicode letters and
/// digits; tokens of one character and the stop words of <see cref="SuggestionStopWords"/> (English and German) are
/// dropped. No stemming: "refund" and "refunds" are different words.</item>
/// <item>Documents: one per canned response, its short code's tokens (<c>reset-password</c> → reset, password)
/// followed by its content's.</item>
/// <item>Weights: term frequency (raw count) × smoothed inverse document frequency over the canned responses,
/// <c>idf(t) = ln((1 + N) / (1 + df(t))) + 1</c> with N the number of responses and df(t) the number containing t.
/// The message is weighted with the same idf; its words found in no response cannot match and are ignored.</item>
/// <item>Score: the cosine of the message's and the response's vectors, in (0, 1]. Responses sharing no word with the
/// message (score 0) are left out; the rest are ordered by score, highest first, ties by short code (ordinal), and
/// the first <c>max</c> returned.</item>
/// </list>
/// </summary>
public static class SuggestionRanker
{
    /// <summary>How many suggestions the endpoint returns.</summary>
    public const int DefaultMax = 3;

    /// <summary>Ranks <paramref name="responses"/> against <paramref name="message"/>; empty when nothing fits.</summary>
    /// <param name="message">The customer's last message (any length; null or blank gives no suggestion).</param>
    /// <param name="responses">The canned responses to choose from.</param>
    /// <param name="max">At most this many results (≥ 0).</param>
    public static IReadOnlyList<CannedSuggestion> Rank(string? message, IReadOnlyList<CannedResponse> responses, int max = DefaultMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0 || string.IsNullOrWhiteSpace(message) || responses.Count == 0)
        {
            return [];
        }

        var documents = responses.Select(r => Count(Tokenize(r.ShortCode).Concat(Tokenize(r.Content)))).ToList();
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            foreach (var term in document.Keys)
            {
                documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            }
        }

        var n = responses.Count;
        double Idf(string term) => Math.Log((1.0 + n) / (1.0 + documentFrequency[term])) + 1.0;

        var query = Count(Tokenize(message))
            .Where(pair => documentFrequency.ContainsKey(pair.Key))
            .ToDictionary(pair => pair.Key, pair => pair.Value * Idf(pair.Key), StringComparer.Ordinal);
        var queryNorm = Math.Sqrt(query.Values.Sum(w => w * w));
        if (queryNorm == 0)
        {
            return [];
        }

        var scored = new List<(CannedResponse Response, double Score)>();
        for (var i = 0; i < responses.Count; i++)
        {
            double dot = 0, norm = 0;
            foreach (var (term, count) in documents[i])
            {
                var weight = count * Idf(term);
                norm += weight * weight;
                if (query.TryGetValue(term, out var queryWeight))
                {
                    dot += weight * queryWeight;
                }
            }

            if (dot > 0)
            {
                scored.Add((responses[i], dot / (Math.Sqrt(norm) * queryNorm)));
            }
        }

        return [.. scored
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Response.ShortCode, StringComparer.Ordinal)
            .Take(max)
            .Select(s => new CannedSuggestion(s.Response.Id, s.Response.ShortCode, s.Response.Content, Math.Round(Math.Min(s.Score, 1.0), 4)))];
    }

    /// <summary>
    /// The tokens of <paramref name="text"/>: lower-cased runs of letters and digits, without one-character tokens
    /// and stop words, in order of appearance (repeats kept).
    /// </summary>
    public static IEnumerable<string> Tokenize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        var token = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                token.Append(Rune.ToLowerInvariant(rune).ToString());
                continue;
            }

            if (Take(token) is { } word)
            {
                yield return word;
            }
        }

        if (Take(token) is { } last)
        {
            yield return last;
        }
    }

    private static string? Take(StringBuilder token)
    {
        if (token.Length == 0)
        {
            return null;
        }

        var word = token.ToString();
        token.Clear();
        return word.EnumerateRunes().Skip(1).Any() && !SuggestionStopWords.Contains(word) ? word : null;
    }

    private static Dictionary<string, int> Count(IEnumerable<string> tokens)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            counts[token] = counts.GetValueOrDefault(token) + 1;
        }

        return counts;
    }
}
