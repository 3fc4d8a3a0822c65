using CustomerChat.Broker.History;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>Reads of the conversations' history for the chat: the <c>x-since</c> replay and the history an agent gets on claim or transfer.</summary>
public sealed class ConversationHistory(IConversationStore store, IHistoryStore history, ChatPublisher publish)
{
    /// <summary>The most messages one history read returns (replays and claims page through more).</summary>
    public const int ReadPage = 1000;

    /// <summary>
    /// The messages of the user's conversations (as customer, or as the current agent) with ids after
    /// <paramref name="since"/>, in id order: the <c>x-since</c> replay (docs/protocol.md §6 "/user/queue/messages").
    /// </summary>
    public async Task<IReadOnlyList<ChatMessageView>> ReplayAsync(UserIdentity user, StreamId since)
    {
        var replay = new List<ChatMessageView>();
        foreach (var conversation in await store.ListForUserAsync(user.UserId).ConfigureAwait(false))
        {
            if (conversation.LastMessage is { } last && StreamId.TryParse(last.Id, out var lastId) && lastId <= since)
            {
                continue;
            }

            replay.AddRange(await ReadAllAsync(conversation.Id, since).ConfigureAwait(false));
        }

        replay.Sort((a, b) => StreamId.Parse(a.Id).CompareTo(StreamId.Parse(b.Id)));
        return replay;
    }


    /// <summary>Sends the whole history to an agent who just got the conversation (docs/protocol.md §10: messages sent while waiting are shown).</summary>
    public async Task SendHistoryAsync(string agentId, string conversationId)
    {
        foreach (var message in await ReadAllAsync(conversationId, null).ConfigureAwait(false))
        {
            await publish.ToUserMessagesAsync(agentId, message).ConfigureAwait(false);
        }
    }

    /// <summary>Every message of a conversation after <paramref name="after"/> (all when null), in id order.</summary>
    public async Task<List<ChatMessageView>> ReadAllAsync(string conversationId, StreamId? after)
    {
        var all = new List<ChatMessageView>();
        while (true)
        {
            var page = await history.ReadAsync(conversationId, after, ReadPage).ConfigureAwait(false);
            all.AddRange(page);
            if (page.Count < ReadPage)
            {
                return all;
            }

            after = StreamId.Parse(page[^1].Id);
        }
    }
}
