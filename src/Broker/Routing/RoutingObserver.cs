using CustomerChat.Broker.Conversations;
using CustomerChat.Protocol.Chat;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Routing;

/// <summary>
/// Keeps the queues in step with the conversations (docs/protocol.md §12): a new waiting conversation joins the
/// back of its queue, a re-queued one the front, an assigned or closed one leaves; then it marks what to announce
/// and wakes <see cref="RoutingEngine"/>. Only queue edits run here (one Redis script each), never deliveries.
/// </summary>
public sealed class RoutingObserver(IRoutingStore store, RoutingQueues queues, RoutingSignal signal, IOptions<RoutingOptions> options, TimeProvider time) : IConversationObserver
{
    /// <inheritdoc />
    public async Task OnConversationChangedAsync(ConversationChange change)
    {
        var conversation = change.Conversation;
        var queue = queues.Of(conversation.Department);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var score = conversation.CreatedAt.ToUnixTimeMilliseconds();
        switch (change.Kind)
        {
            case ConversationChangeKinds.Created when conversation.State == ConversationStates.Waiting:
                await store.EnqueueAsync(queue, conversation.Id, score, front: false, now).ConfigureAwait(false);
                signal.QueueChanged(queue);
                break;
            case ConversationChangeKinds.Requeued:
                await store.EnqueueAsync(queue, conversation.Id, score, front: true, now).ConfigureAwait(false);
                signal.QueueChanged(queue);
                if (change.FromAgent is { } from)
                {
                    signal.AgentChanged(from);
                }

                break;
            case ConversationChangeKinds.DepartmentChosen:
                await store.RemoveAsync(conversation.Id, [.. queues.All.Where(q => q != queue)]).ConfigureAwait(false);
                await store.EnqueueAsync(queue, conversation.Id, score, front: false, now).ConfigureAwait(false);
                foreach (var each in queues.All)
                {
                    signal.QueueChanged(each);
                }

                break;
            case ConversationChangeKinds.Assigned:
                await store.RemoveAsync(conversation.Id, [queue]).ConfigureAwait(false);
                if (change.AssignedBy != "auto" && conversation.AgentId is { } claimer)
                {
                    await store.MarkAssignedAsync(claimer, queue, now, options.Value.EstimatorWindow).ConfigureAwait(false);
                }

                signal.QueueChanged(queue);
                AgentChanged(conversation.AgentId);
                break;
            case ConversationChangeKinds.Transferred:
                AgentChanged(change.FromAgent);
                AgentChanged(conversation.AgentId);
                break;
            case ConversationChangeKinds.Closed:
                await store.RemoveAsync(conversation.Id, [queue]).ConfigureAwait(false);
                signal.QueueChanged(queue);
                AgentChanged(conversation.AgentId);
                break;
        }
    }

    /// <inheritdoc />
    public Task OnMessageStoredAsync(ChatMessageView message, ConversationView conversation) => Task.CompletedTask;

    private void AgentChanged(string? agentId)
    {
        if (agentId is not null)
        {
            signal.AgentChanged(agentId);
        }
    }
}
