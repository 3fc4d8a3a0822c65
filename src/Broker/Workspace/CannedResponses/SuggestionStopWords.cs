using System.Collections.Frozen;

namespace CustomerChat.Broker.Workspace.CannedResponses;

/// <summary>
/// Words too common to say anything about what a customer needs, in English and German (the languages of the
/// built-in profanity list), lower case. <see cref="SuggestionRanker"/> drops them before weighting.
/// </summary>
public static class SuggestionStopWords
{
    private static readonly FrozenSet<string> Words = FrozenSet.ToFrozenSet(
    [
        // English
        "a", "about", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can", "could",
        "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "hi", "hello", "him", "his", "how",
        "if", "in", "into", "is", "it", "its", "just", "me", "my", "no", "not", "of", "on", "or", "our", "please",
        "she", "so", "than", "thanks", "that", "the", "their", "them", "then", "there", "these", "they", "this",
        "to", "us", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will", "with", "would",
        "you", "your",
        // German
        "aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bin", "bis", "bitte", "da", "das", "dass", "dem",
        "den", "der", "des", "die", "doch", "du", "ein", "eine", "einem", "einen", "einer", "es", "für", "hallo",
        "hat", "habe", "haben", "ich", "ihr", "im", "in", "ist", "ja", "kann", "mein", "meine", "mich", "mir",
        "mit", "nicht", "noch", "nur", "oder", "sie", "sind", "so", "und", "uns", "von", "vor", "war", "was",
        "wie", "wir", "wo", "zu", "zum", "zur",
    ], StringComparer.Ordinal);

    /// <summary>Whether <paramref name="word"/> (lower case) is a stop word.</summary>
    public static bool Contains(string word) => Words.Contains(word);
}
