namespace CustomerChat.Broker.Hosting;

/// <summary>Log messages of the host; event ids 4000–4099.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(4000, LogLevel.Information, "Shutting down: closing {Count} connections")]
    public static partial void Draining(ILogger logger, int count);
}
