namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Puts every conversation an agent holds back into the queue at once (docs/protocol.md §15 "Disabling and
/// deleting"): called when an administrator disables or deletes the agent's account, after its sessions ended.
/// Each <c>active</c> conversation whose agent is <c>agentId</c> goes back to <c>waiting</c> ahead of the
/// conversations that wait already, announced like a re-queue after the agent went offline
/// (<c>conversation.requeued</c> on the support topic with <c>fromAgent</c>, <c>conversation.state</c> with reason
/// <c>requeued</c> and then <c>queue.position</c> to the customer). Idempotent: an agent without conversations is a
/// no-op. The default implementation closes nothing and only logs; the routing capability replaces it.
/// </summary>
public interface IConversationRequeue
{
    /// <summary>Re-queues every active conversation of <paramref name="agentId"/> (a username).</summary>
    Task RequeueAgentAsync(string agentId);
}
