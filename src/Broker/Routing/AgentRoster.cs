using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Options;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Routing;

/// <summary>
/// The configured agents with their capacity (<c>CustomerChat:Agents:N:Capacity</c>, else
/// <c>CustomerChat:Conversations:AgentCapacity</c>) and departments (<c>CustomerChat:Agents:N:Departments</c>; none = all).
/// </summary>
public sealed class AgentRoster
{
    private readonly Dictionary<string, RosterAgent> _byId;

    /// <summary>Builds the roster from the agent directory.</summary>
    public AgentRoster(AgentDirectory agents, RoutingQueues queues, IOptions<CustomerChatOptions> options)
    {
        var fallback = options.Value.Conversations.AgentCapacity;
        var all = new List<RosterAgent>();
        foreach (var (id, name) in agents.All)
        {
            var account = agents.Account(id);
            var departments = account?.Departments is { Count: > 0 } list
                ? (IReadOnlySet<string>)list.Select(queues.Of).Where(q => q != RoutingQueues.General).ToHashSet(StringComparer.Ordinal)
                : null;
            all.Add(new RosterAgent(id, name, account?.Capacity ?? fallback, departments));
        }

        All = all;
        _byId = all.ToDictionary(a => a.Id, StringComparer.Ordinal);
    }

    /// <summary>Every configured agent.</summary>
    public IReadOnlyList<RosterAgent> All { get; }

    /// <summary>The agent, or null when not configured.</summary>
    public RosterAgent? Find(string agentId) => _byId.GetValueOrDefault(agentId);
}
