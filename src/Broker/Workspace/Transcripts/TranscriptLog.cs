namespace CustomerChat.Broker.Workspace.Transcripts;

/// <summary>Log events of the transcript mailer (event ids 4100–4199).</summary>
internal static partial class TranscriptLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Transcript email sent through {Host}:{Port}")]
    public static partial void Sent(ILogger logger, string host, int port);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Transcript email through {Host}:{Port} failed: {Reason}")]
    public static partial void Failed(ILogger logger, string host, int port, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Transcript email not sent: CustomerChat:Smtp:Host is not configured")]
    public static partial void NotConfigured(ILogger logger);
}
