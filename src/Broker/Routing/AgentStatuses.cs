namespace CustomerChat.Broker.Routing;

/// <summary>An agent's status values (docs/protocol.md §12 "Agent status").</summary>
public static class AgentStatuses
{
    /// <summary>Connected and taking conversations.</summary>
    public const string Available = "available";

    /// <summary>Connected, taking no new conversations.</summary>
    public const string Away = "away";

    /// <summary>Not connected (since <c>PresenceGrace</c> after the last connection closed).</summary>
    public const string Offline = "offline";
}
