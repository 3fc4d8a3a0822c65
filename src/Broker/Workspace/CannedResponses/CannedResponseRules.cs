namespace CustomerChat.Broker.Workspace.CannedResponses;

/// <summary>
/// The field rules of a canned response (docs/protocol.md §14): <c>shortCode</c> 1–32 characters of
/// <c>a-z0-9-</c> (lower case only; nothing is lower-cased for the caller), <c>content</c> 1–4,000 Unicode
/// code points and not only white space. Pure: the same rules for every store.
/// </summary>
public static class CannedResponseRules
{
    /// <summary>The longest short code, in characters.</summary>
    public const int MaxShortCodeLength = 32;

    /// <summary>The longest content, in Unicode code points (as chat messages are counted).</summary>
    public const int MaxContentLength = 4000;

    /// <summary>Whether <paramref name="shortCode"/> is 1–32 characters of <c>a-z0-9-</c>.</summary>
    public static bool IsValidShortCode(string? shortCode)
    {
        if (string.IsNullOrEmpty(shortCode) || shortCode.Length > MaxShortCodeLength)
        {
            return false;
        }

        foreach (var c in shortCode)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="content"/> has 1–4,000 code points and is not only white space.</summary>
    public static bool IsValidContent(string? content)
    {
        if (string.IsNullOrWhiteSpace(content) || content.Length > 2 * MaxContentLength)
        {
            return false;
        }

        var codePoints = 0;
        foreach (var _ in content.EnumerateRunes())
        {
            if (++codePoints > MaxContentLength)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Checks a request body: null when valid, else a sentence for the problem's <c>detail</c> (HTTP 400).
    /// </summary>
    public static string? Validate(CannedResponseRequest? request)
    {
        if (request is null)
        {
            return "A JSON body {\"shortCode\", \"content\"} is required.";
        }

        if (!IsValidShortCode(request.ShortCode))
        {
            return $"shortCode must be 1 to {MaxShortCodeLength} characters of a-z, 0-9 and '-'.";
        }

        return IsValidContent(request.Content)
            ? null
            : $"content must be 1 to {MaxContentLength} characters and not only white space.";
    }
}
