namespace CustomerChat.Protocol;

/// <summary>Input limits for <see cref="StompParser"/> (docs/protocol.md §2 "Protocol errors"). All sizes in bytes.</summary>
public sealed record StompParserOptions
{
    /// <summary>The largest whole frame: command, headers, body and NUL. Default 64 KiB.</summary>
    public int MaxFrameBytes { get; init; } = 64 * 1024;

    /// <summary>The most header lines in one frame. Default 64.</summary>
    public int MaxHeaders { get; init; } = 64;

    /// <summary>The longest command or header line, without its EOL. Default 8 KiB.</summary>
    public int MaxHeaderLineBytes { get; init; } = 8 * 1024;

    /// <summary>The defaults above.</summary>
    public static StompParserOptions Default { get; } = new();
}
