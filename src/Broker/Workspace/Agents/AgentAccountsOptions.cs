namespace CustomerChat.Broker.Workspace.Agents;

/// <summary><c>CustomerChat:AgentAccounts</c> (docs/protocol.md §15 "Configuration").</summary>
public sealed class AgentAccountsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "CustomerChat:AgentAccounts";

    /// <summary>
    /// Redis mode: how often each instance re-reads every stored account, besides the change announcements, so an
    /// announcement lost in a Redis outage is made up for. Default 30 s; at least 1 s.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}
