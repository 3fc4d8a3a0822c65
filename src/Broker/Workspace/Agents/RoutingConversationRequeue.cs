namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>
/// The chat's <see cref="CustomerChat.Broker.Conversations.IConversationRequeue"/> seam that agent administration calls when an account is
/// disabled or deleted (docs/protocol.md §15), served by routing's re-queue (<see cref="CustomerChat.Broker.Routing.IConversationRequeue"/>,
/// docs/protocol.md §12 "Re-queue"): each active conversation of the agent goes back to <c>waiting</c> ahead of the queue
/// at once, announced as <c>conversation.requeued</c> and <c>conversation.state</c> reason <c>requeued</c>.
/// </summary>
public sealed class RoutingConversationRequeue(CustomerChat.Broker.Routing.IConversationRequeue routing) : CustomerChat.Broker.Conversations.IConversationRequeue
{
    /// <inheritdoc />
    public Task RequeueAgentAsync(string agentId) => routing.RequeueAgentAsync(agentId);
}
