using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// The first MESSAGE of every subscription to <c>/chat/topic/support</c>: <c>{"type":"snapshot","conversations","agents"}</c>
/// (docs/protocol.md §5–6), then the topic's live events.
/// </summary>
public sealed class SupportSnapshotSource(ConversationService conversations, PresenceTracker presence, AgentDirectory agents,
    IAgentStatusSource statuses, IQueuePositions positions) : ISubscriptionSource
{
    /// <inheritdoc />
    public string Destination => Destinations.SupportTopic;

    /// <inheritdoc />
    public async ValueTask<SubscriptionStart> StartAsync(StompSession session, StompFrame frame)
    {
        var open = await positions.WithPositionsAsync(await conversations.ListOpenAsync().ConfigureAwait(false)).ConfigureAwait(false);
        var agentViews = new List<AgentView>();
        foreach (var (username, displayName) in agents.All)
        {
            agentViews.Add(await statuses.DescribeAsync(new AgentView(username, displayName, await presence.IsOnlineAsync(username).ConfigureAwait(false))).ConfigureAwait(false));
        }

        return new SubscriptionStart([ChatPublisher.Event(Destinations.SupportTopic, new SnapshotEvent(open, agentViews), ChatJsonContext.Default.SnapshotEvent)]);
    }
}
