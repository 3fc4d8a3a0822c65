namespace CustomerChat.Broker.Stomp;

/// <summary>What a topic name (the part after a topic prefix such as <c>/topic/</c>) may be.</summary>
public static class TopicNames
{
    /// <summary>1 to 200 characters of letters, digits and <c>.-_/</c>, no empty segment, no trailing <c>/</c>.</summary>
    public static bool IsValid(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > 200 || name[^1] == '/' || name.Contains("//", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/'))
            {
                return false;
            }
        }

        return true;
    }
}
