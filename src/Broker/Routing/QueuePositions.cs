using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Routing;

/// <summary>
/// Queue positions (docs/protocol.md §12 "Queue position"): <see cref="ConversationView.QueuePosition"/> for
/// listings, and <c>queue.position</c> events to waiting customers when they start to wait and whenever their place
/// changes. The estimate is <c>position × mean interval between the queue's recent assignments</c> (the last
/// <c>EstimatorWindow</c>), null until the queue has seen two.
/// </summary>
public sealed class QueuePositions(
    IRoutingStore store,
    IConversationStore conversations,
    RoutingQueues queues,
    ChatPublisher publish) : IQueuePositions
{
    private const int ReadConcurrency = 32;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConversationView>> WithPositionsAsync(IReadOnlyList<ConversationView> list)
    {
        var ranks = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var result = new List<ConversationView>(list.Count);
        foreach (var conversation in list)
        {
            if (conversation.State != ConversationStates.Waiting)
            {
                result.Add(conversation);
                continue;
            }

            var queue = queues.Of(conversation.Department);
            if (!ranks.TryGetValue(queue, out var rank))
            {
                var ids = await store.ListQueueAsync(queue).ConfigureAwait(false);
                ranks[queue] = rank = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i + 1, StringComparer.Ordinal);
            }

            result.Add(rank.TryGetValue(conversation.Id, out var position) ? conversation with { QueuePosition = position } : conversation);
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<BrokerMessage?> PositionEventAsync(ConversationView conversation)
    {
        if (conversation.State != ConversationStates.Waiting)
        {
            return null;
        }

        var queue = queues.Of(conversation.Department);
        var ids = await store.ListQueueAsync(queue).ConfigureAwait(false);
        var index = ids.ToList().IndexOf(conversation.Id);
        if (index < 0)
        {
            return null;
        }

        var estimate = Estimate(await store.RecentAssignmentsAsync(queue).ConfigureAwait(false), index + 1);
        return ChatPublisher.Event(Destinations.UserEvents, new QueuePositionEvent(conversation.Id, index + 1, ids.Count, estimate), RoutingJsonContext.Default.QueuePositionEvent);
    }

    /// <summary>Announces every changed position of <paramref name="queue"/> to its customer.</summary>
    public async Task PublishChangesAsync(string queue)
    {
        var (changes, waiting) = await store.TakePositionChangesAsync(queue).ConfigureAwait(false);
        if (changes.Count == 0)
        {
            return;
        }

        var recent = await store.RecentAssignmentsAsync(queue).ConfigureAwait(false);
        foreach (var chunk in changes.Chunk(ReadConcurrency))
        {
            var found = await Task.WhenAll(chunk.Select(c => conversations.GetAsync(c.ConversationId))).ConfigureAwait(false);
            for (var i = 0; i < chunk.Length; i++)
            {
                if (found[i] is { State: ConversationStates.Waiting } conversation)
                {
                    var change = chunk[i];
                    await publish.ToUserEventsAsync(conversation.CustomerId,
                        new QueuePositionEvent(change.ConversationId, change.Position, waiting, Estimate(recent, change.Position)),
                        RoutingJsonContext.Default.QueuePositionEvent).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// <paramref name="position"/> × the mean interval between the recent assignment times (newest first), in whole
    /// seconds rounded up; null with fewer than two times.
    /// </summary>
    public static int? Estimate(IReadOnlyList<long> recentNewestFirst, int position)
    {
        if (recentNewestFirst.Count < 2)
        {
            return null;
        }

        var meanMs = (double)(recentNewestFirst[0] - recentNewestFirst[^1]) / (recentNewestFirst.Count - 1);
        return (int)Math.Ceiling(Math.Max(0, meanMs) * position / 1000.0);
    }
}
