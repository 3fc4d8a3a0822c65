using CustomerChat.Broker.Conversations;
using CustomerChat.Protocol.Chat;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Routing;

/// <summary>
/// Runs routing on this instance (docs/protocol.md §12): woken by <see cref="RoutingSignal"/> (a conversation
/// waits, an agent becomes available, a conversation closes or is transferred) and by a sweep every
/// <c>SweepInterval</c>, it assigns while the store's atomic step finds a fit (auto mode), announces changed loads and
/// statuses (<c>agent.status</c>) and positions (<c>queue.position</c>), re-queues the conversations of agents offline
/// for <c>RequeueAfter</c>, and now and then puts back in its queue a waiting conversation the queues lost.
/// Every instance runs one; the store makes their decisions safe to race.
/// </summary>
public sealed class RoutingEngine(
    IRoutingStore store,
    AgentRoster roster,
    RoutingQueues queues,
    RoutingSignal signal,
    ConversationService conversations,
    IConversationStore conversationStore,
    QueuePositions positions,
    AgentStatusService statuses,
    IConversationRequeue requeue,
    IOptions<RoutingOptions> options,
    TimeProvider time,
    ILogger<RoutingEngine> logger) : BackgroundService
{
    private const int MaxAssignmentsPerPass = 256;
    private const int SweepsPerReconcile = 10;

    private RoutingOptions Settings => options.Value;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sweep = SweepLoopAsync(stoppingToken);
        try
        {
            while (await signal.WaitAsync(stoppingToken).ConfigureAwait(false))
            {
                await PassAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await sweep.ConfigureAwait(false);
    }

    /// <summary>One pass: assignments (auto mode), then the announcements they and earlier changes call for.</summary>
    public async Task PassAsync()
    {
        try
        {
            var (firstQueues, firstAgents) = signal.Take();
            if (Settings.IsAuto)
            {
                await AssignAllAsync().ConfigureAwait(false);
            }

            var (moreQueues, moreAgents) = signal.Take();
            foreach (var agent in firstAgents.Concat(moreAgents).Distinct())
            {
                await statuses.AnnounceAsync(agent).ConfigureAwait(false);
            }

            foreach (var queue in firstQueues.Concat(moreQueues).Distinct())
            {
                await positions.PublishChangesAsync(queue).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RoutingLog.PassFailed(logger, ex);
        }
    }

    private async Task AssignAllAsync()
    {
        for (var i = 0; i < MaxAssignmentsPerPass; i++)
        {
            var reservation = await store.ReserveAsync(queues.All, roster.All, time.GetUtcNow().ToUnixTimeMilliseconds(),
                Settings.ReservationTimeout, Settings.EstimatorWindow).ConfigureAwait(false);
            if (reservation is null)
            {
                return;
            }

            StoreResult result;
            try
            {
                result = await conversations.AssignAsync(reservation.ConversationId, reservation.AgentId, "auto").ConfigureAwait(false);
            }
            catch
            {
                await store.ReleaseAsync(reservation, restore: true).ConfigureAwait(false);
                throw;
            }

            // At capacity: a claim by hand took the slot in between; the conversation keeps its place.
            await store.ReleaseAsync(reservation, restore: result.Outcome == StoreOutcome.AtCapacity).ConfigureAwait(false);
            if (result.Ok)
            {
                RoutingLog.Assigned(logger, reservation.ConversationId, reservation.AgentId);
            }
        }

        signal.Wake(); // more may fit: go on in the next pass
    }

    private async Task SweepLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Settings.SweepInterval, time);
        var tick = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    await RequeueOverdueAsync().ConfigureAwait(false);
                    if (++tick % SweepsPerReconcile == 1)
                    {
                        await ReconcileAsync().ConfigureAwait(false);
                    }

                    signal.Wake();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    RoutingLog.PassFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task RequeueOverdueAsync()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var after = (long)Settings.RequeueAfter.TotalMilliseconds;
        var states = await store.GetAgentsAsync([.. roster.All.Select(a => a.Id)]).ConfigureAwait(false);
        foreach (var (agentId, state) in states)
        {
            if (state.Status == AgentStatuses.Offline && state.SinceMs > 0 && now - state.SinceMs >= after
                && await store.LoadOfAsync(agentId).ConfigureAwait(false) > 0)
            {
                var count = await requeue.RequeueAgentAsync(agentId).ConfigureAwait(false);
                RoutingLog.Requeued(logger, agentId, count);
            }
        }
    }

    // The safety net: a waiting conversation missing from its queue (an instance died between two steps) goes back
    // in at its creation time; an entry whose conversation no longer waits leaves.
    private async Task ReconcileAsync()
    {
        var queued = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var queue in queues.All)
        {
            queued[queue] = await store.ListQueueAsync(queue).ConfigureAwait(false);
        }

        var open = await conversationStore.ListAsync(includeClosed: false).ConfigureAwait(false);
        var waiting = open.Where(c => c.State == ConversationStates.Waiting).ToDictionary(c => c.Id, StringComparer.Ordinal);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (queue, ids) in queued)
        {
            var stale = ids.Where(id => !waiting.TryGetValue(id, out var c) || queues.Of(c.Department) != queue).ToList();
            foreach (var id in stale)
            {
                await store.RemoveAsync(id, [queue]).ConfigureAwait(false);
            }

            if (stale.Count > 0)
            {
                signal.QueueChanged(queue);
            }
        }

        foreach (var conversation in waiting.Values)
        {
            var queue = queues.Of(conversation.Department);
            if (!queued[queue].Contains(conversation.Id)
                && await store.EnqueueAsync(queue, conversation.Id, conversation.CreatedAt.ToUnixTimeMilliseconds(), front: false, now).ConfigureAwait(false))
            {
                signal.QueueChanged(queue);
            }
        }
    }
}
