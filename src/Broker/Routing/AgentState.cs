namespace CustomerChat.Broker.Routing;

/// <summary>An agent's shared status and since when (Unix ms of the instance that changed it).</summary>
public sealed record AgentState(string Status, long SinceMs)
{
    /// <summary>An agent never seen: offline since forever.</summary>
    public static AgentState Unknown { get; } = new(AgentStatuses.Offline, 0);
}
