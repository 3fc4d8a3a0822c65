namespace CustomerChat.Broker.Routing;

/// <summary>
/// Sends an agent's active conversations back to the queue (docs/protocol.md §12 "Re-queue"): each goes back to
/// <c>waiting</c> ahead of every waiting conversation of its queue, with <c>conversation.requeued</c> on the topic and
/// <c>conversation.state</c> reason <c>requeued</c> then <c>queue.position</c> to its customer. Used when an agent has
/// been offline for <c>RequeueAfter</c>, and by agent administration when an agent is disabled.
/// </summary>
public interface IConversationRequeue
{
    /// <summary>Re-queues every active conversation of <paramref name="agentId"/>; returns how many went back.</summary>
    Task<int> RequeueAgentAsync(string agentId);
}
