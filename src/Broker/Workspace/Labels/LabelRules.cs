using System.Text.RegularExpressions;

namespace CustomerChat.Broker.Workspace.Labels;

/// <summary>
/// What a conversation's labels may be (docs/protocol.md §14 "Labels"): at most <see cref="MaxLabels"/>
/// distinct labels, each 1–32 of <c>a-z0-9-</c>. Duplicates are dropped (first one kept), order is kept.
/// </summary>
public static partial class LabelRules
{
    /// <summary>The most labels a conversation carries.</summary>
    public const int MaxLabels = 10;

    /// <summary>Whether <paramref name="label"/> is 1–32 of <c>a-z0-9-</c>.</summary>
    public static bool IsValid(string? label) => label is not null && Shape().IsMatch(label);

    /// <summary>The labels to store, or the reason (for a 400 problem) why <paramref name="labels"/> cannot be.</summary>
    public static (IReadOnlyList<string>? Labels, string? Error) Normalize(IReadOnlyList<string?>? labels)
    {
        if (labels is null)
        {
            return (null, "The body must be a JSON array of labels, e.g. [\"billing\", \"vip\"].");
        }

        var distinct = new List<string>();
        foreach (var label in labels)
        {
            if (!IsValid(label))
            {
                return (null, $"'{label}' is not a label: each is 1-32 of a-z, 0-9 and '-'.");
            }

            if (!distinct.Contains(label!, StringComparer.Ordinal))
            {
                distinct.Add(label!);
            }
        }

        return distinct.Count > MaxLabels
            ? (null, $"{distinct.Count} labels; at most {MaxLabels} are allowed.")
            : (distinct, null);
    }

    [GeneratedRegex("^[a-z0-9-]{1,32}$")]
    private static partial Regex Shape();
}
