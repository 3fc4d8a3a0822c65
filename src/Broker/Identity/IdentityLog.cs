namespace CustomerChat.Broker.Identity;

/// <summary>Log messages of the identity capability; event ids 1000–1099.</summary>
internal static partial class IdentityLog
{
    [LoggerMessage(1000, LogLevel.Warning, "No CustomerChat:Auth:SigningKey of at least 32 bytes is configured: tokens are signed with a random key for this process only (Development).")]
    public static partial void EphemeralSigningKey(ILogger logger);

    [LoggerMessage(1001, LogLevel.Information, "Token rejected: {Reason}")]
    public static partial void TokenRejected(ILogger logger, string reason);
}
