using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.Widget;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Routing;

/// <summary>
/// Agent status (docs/protocol.md §12 "Agent status"): <c>available</c> when an agent's first connection opens
/// (from <c>offline</c> only), <c>offline</c> when presence says it left, <c>available</c>/<c>away</c> by
/// <c>/chat/status</c>. Every change goes to the support topic as <c>agent.status</c>. Also fills the snapshot's
/// agent fields and answers <c>GET /api/departments</c>'s availability.
/// </summary>
public sealed class AgentStatusService(
    IRoutingStore store,
    AgentRoster roster,
    RoutingQueues queues,
    ChatPublisher publish,
    RoutingSignal signal,
    TimeProvider time,
    ILogger<AgentStatusService> logger) : IAgentStatusSource, IAgentAvailability, IPresenceListener
{
    /// <summary>SEND <c>/chat/status</c> <c>{"status": "available"|"away"}</c>: agents only (<c>forbidden</c>), other values <c>invalid</c>.</summary>
    public async Task<Refusal?> SetByAgentAsync(UserIdentity user, StatusRequest request)
    {
        const string destination = Destinations.ChatStatus;
        if (!user.IsAgent || roster.Find(user.UserId) is null)
        {
            return Refusal.Forbidden(destination, "Only agents have a status.");
        }

        if (request.Status is not (AgentStatuses.Available or AgentStatuses.Away))
        {
            return Refusal.Invalid(destination, "'status' must be \"available\" or \"away\".");
        }

        await SetAsync(user.UserId, request.Status, onlyFromOffline: false).ConfigureAwait(false);
        return null;
    }

    /// <inheritdoc />
    public async Task OnPresenceChangedAsync(string userId, bool isAgent, bool online)
    {
        if (isAgent && roster.Find(userId) is not null)
        {
            await SetAsync(userId, online ? AgentStatuses.Available : AgentStatuses.Offline, onlyFromOffline: online).ConfigureAwait(false);
        }
    }

    /// <summary>Publishes the agent's current status and load as <c>agent.status</c>.</summary>
    public async Task AnnounceAsync(string agentId)
    {
        if (roster.Find(agentId) is not { } agent)
        {
            return;
        }

        var state = (await store.GetAgentsAsync([agentId]).ConfigureAwait(false))[agentId];
        var load = await store.LoadOfAsync(agentId).ConfigureAwait(false);
        await publish.ToSupportAsync(new AgentStatusEvent(agent.Id, agent.Name, state.Status, load, agent.Capacity), RoutingJsonContext.Default.AgentStatusEvent).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<AgentView> DescribeAsync(AgentView view)
    {
        if (roster.Find(view.Id) is not { } agent)
        {
            return view;
        }

        var state = (await store.GetAgentsAsync([agent.Id]).ConfigureAwait(false))[agent.Id];
        return view with { Status = state.Status, ActiveConversations = await store.LoadOfAsync(agent.Id).ConfigureAwait(false), Capacity = agent.Capacity };
    }

    /// <inheritdoc />
    public async Task<bool> IsAnyAgentAvailableAsync(string? departmentId, CancellationToken ct)
    {
        var queue = departmentId is null ? null : queues.Of(departmentId);
        var candidates = roster.All.Where(a => queue is null || a.Serves(queue)).Select(a => a.Id).ToList();
        var states = await store.GetAgentsAsync(candidates).ConfigureAwait(false);
        return states.Values.Any(s => s.Status == AgentStatuses.Available);
    }

    private async Task SetAsync(string agentId, string status, bool onlyFromOffline)
    {
        if (!await store.SetStatusAsync(agentId, status, onlyFromOffline, time.GetUtcNow().ToUnixTimeMilliseconds()).ConfigureAwait(false))
        {
            return;
        }

        RoutingLog.StatusChanged(logger, agentId, status);
        await AnnounceAsync(agentId).ConfigureAwait(false);
        signal.Wake();
    }
}
