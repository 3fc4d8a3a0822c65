using System.Text.Json.Serialization;

namespace CustomerChat.Broker.Routing;

/// <summary>
/// <c>{"type": "agent.status", "agentId", "agentName", "status", "activeConversations", "capacity"}</c> on the support
/// topic whenever an agent's status or load changes (docs/protocol.md §12 "Agent status").
/// </summary>
public sealed record AgentStatusEvent(string AgentId, string AgentName, string Status, int ActiveConversations, int Capacity)
{
    /// <summary>Always <c>agent.status</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "agent.status";
}
