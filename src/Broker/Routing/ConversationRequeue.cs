using CustomerChat.Broker.Conversations;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Routing;

/// <summary>
/// <see cref="IConversationRequeue"/> over the chat's <see cref="ConversationRequeuer"/>: newest first, so that, each
/// one going in ahead of the queue, the agent's oldest conversation ends up first.
/// </summary>
public sealed class ConversationRequeue(IConversationStore store, ConversationRequeuer requeuer) : IConversationRequeue
{
    /// <inheritdoc />
    public async Task<int> RequeueAgentAsync(string agentId)
    {
        var held = (await store.ListForUserAsync(agentId).ConfigureAwait(false))
            .Where(c => c.State == ConversationStates.Active && c.AgentId == agentId)
            .OrderByDescending(c => c.CreatedAt)
            .ToList();
        var count = 0;
        foreach (var conversation in held)
        {
            if (await requeuer.RequeueAsync(conversation.Id, agentId).ConfigureAwait(false))
            {
                count++;
            }
        }

        return count;
    }
}
