namespace CustomerChat.Broker.Workspace.DataProtection;

/// <summary>Log events of data protection (event ids 4600–4699).</summary>
internal static partial class DataProtectionLog
{
    [LoggerMessage(EventId = 4600, Level = LogLevel.Information, Message = "Customer {CustomerId} erased: {Count} session(s) ended on this instance")]
    public static partial void SessionsEnded(ILogger logger, string customerId, int count);

    [LoggerMessage(EventId = 4601, Level = LogLevel.Warning, Message = "An erasure announcement on the backplane could not be read; ignored")]
    public static partial void BadAnnouncement(ILogger logger);

    [LoggerMessage(EventId = 4602, Level = LogLevel.Debug, Message = "Listening for erasure announcements on the backplane key {Key}")]
    public static partial void Listening(ILogger logger, string key);
}
