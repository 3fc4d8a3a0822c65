using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Puts conversations back in the queue when their agent is gone (docs/protocol.md §12, re-queue), through
/// <see cref="ConversationStateMachine"/>'s <see cref="ConversationCommand.Requeue"/> under the conversation's lock.
/// </summary>
public sealed class ConversationRequeuer(ConversationTransitions transitions, StripedLock locks, ChatPublisher publish, ConversationObservers observers)
{
    private static readonly ChatJsonContext Json = ChatJsonContext.Default;

    /// <summary>
    /// Puts an active conversation of <paramref name="fromAgent"/> back to waiting (docs/protocol.md §12, re-queue):
    /// the topic gets <c>conversation.requeued</c> with <c>fromAgent</c>, the customer <c>conversation.state</c> reason
    /// <c>requeued</c>; observers hear <see cref="ConversationChangeKinds.Requeued"/>. False when it is no longer that agent's.
    /// </summary>
    public async Task<bool> RequeueAsync(string conversationId, string fromAgent)
    {
        using (await locks.AcquireAsync(conversationId).ConfigureAwait(false))
        {
            var result = await transitions.ApplyAsync(conversationId, new ConversationCommand.Requeue(fromAgent)).ConfigureAwait(false);
            if (!result.Ok)
            {
                return false;
            }

            var conversation = result.Conversation!;
            await publish.ToSupportAsync(new ConversationEvent("conversation.requeued", conversation, FromAgent: fromAgent), Json.ConversationEvent).ConfigureAwait(false);
            await publish.ToUserEventsAsync(conversation.CustomerId, new ConversationEvent("conversation.state", conversation, "requeued"), Json.ConversationEvent).ConfigureAwait(false);
            await observers.ChangedAsync(new ConversationChange(ConversationChangeKinds.Requeued, conversation, FromAgent: fromAgent)).ConfigureAwait(false);
            return true;
        }
    }
}
