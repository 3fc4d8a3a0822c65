namespace CustomerChat.Broker.Identity;

/// <summary>Log messages about agent accounts; event ids 1100–1199.</summary>
internal static partial class AgentLog
{
    [LoggerMessage(1100, LogLevel.Warning, "Development: no agents configured, so the demo agents 'alice' and 'bob' (password 'demo') exist ('alice' is an admin). Configure CustomerChat:Agents for real use.")]
    public static partial void DemoAgents(ILogger logger);

    [LoggerMessage(1101, LogLevel.Information, "Login failed for an agent account from {RemoteAddress}")]
    public static partial void LoginFailed(ILogger logger, string? remoteAddress);
}
