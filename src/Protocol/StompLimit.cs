namespace CustomerChat.Protocol;

/// <summary>The input limits a <see cref="StompParser"/> enforces; a breach names one of these.</summary>
public enum StompLimit
{
    /// <summary>No limit was breached: the input was malformed.</summary>
    None = 0,
    /// <summary><see cref="StompParserOptions.MaxFrameBytes"/>.</summary>
    FrameSize,
    /// <summary><see cref="StompParserOptions.MaxHeaders"/>.</summary>
    HeaderCount,
    /// <summary><see cref="StompParserOptions.MaxHeaderLineBytes"/>.</summary>
    HeaderLineLength,
}
