using System.Text.RegularExpressions;

namespace CustomerChat.Broker.History;

/// <summary>
/// Client message ids (docs/protocol.md §19 "Idempotent sends"): 1–64 characters of <c>A-Za-z0-9._:-</c>, chosen by
/// the sender; a second message with the same id from the same user in the same conversation within
/// <see cref="Retention"/> is answered with the first one and neither stored nor delivered again.
/// </summary>
public static partial class ClientMessageIds
{
    /// <summary>How long a client message id is remembered: 24 hours.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>The refusal text for an invalid id.</summary>
    public const string InvalidText = "'clientMessageId' must be 1 to 64 characters of A-Z a-z 0-9 . _ : -";

    /// <summary>Whether <paramref name="id"/> is a valid client message id.</summary>
    public static bool IsValid(string id) => Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
