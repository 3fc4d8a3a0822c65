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
    public async Task<IReadOnlyList<ChatMessageView>> ReplayAsync(UserIdentity user, StreamId since) =>
        (await ReplayAsync(user, ReplayCursor.All(since)).ConfigureAwait(false)).Messages;

    /// <summary>
    /// The replay for a cursor (one id, or one per conversation: docs/protocol/redis.md "Cursors"), in id order, and
    /// the conversations whose cursor is older than their oldest kept message with messages trimmed since
    /// (<c>history.truncated</c>): their id and oldest kept id.
    /// </summary>
    public async Task<(IReadOnlyList<ChatMessageView> Messages, IReadOnlyList<(string ConversationId, string OldestId)> Truncated)> ReplayAsync(UserIdentity user, ReplayCursor cursor)
    {
        var replay = new List<ChatMessageView>();
        var truncated = new List<(string, string)>();
        foreach (var conversation in await store.ListForUserAsync(user.UserId).ConfigureAwait(false))
        {
            // Only a closed conversation may be skipped by its last message: an open one's last message is touched
            // after its append-and-publish, so a message published just now may not be its last message yet.
            var since = cursor.For(conversation.Id);
            if (conversation.State == ConversationStates.Closed
                && conversation.LastMessage is { } last && StreamId.TryParse(last.Id, out var lastId) && lastId <= since)
            {
                continue;
            }

            var bounds = await history.BoundsAsync(conversation.Id).ConfigureAwait(false);
            if (bounds.IsTruncatedAfter(since))
            {
                truncated.Add((conversation.Id, bounds.Oldest!.Value.ToString()));
            }

            replay.AddRange(await ReadAllAsync(conversation.Id, since).ConfigureAwait(false));
        }

        replay.Sort((a, b) => StreamId.Parse(a.Id).CompareTo(StreamId.Parse(b.Id)));
        return (replay, truncated);
    }

    /// <summary>
    /// The message <paramref name="userId"/> already sent in the conversation under <paramref name="clientMessageId"/>
    /// within 24 h, or null (docs/protocol/redis.md "Idempotent sends"): checked before the message pipeline; a resend
    /// gets its RECEIPT (HTTP: 200 with this message) and is neither stored nor delivered again.
    /// </summary>
    public Task<ChatMessageView?> FindSentAsync(string conversationId, string userId, string clientMessageId) =>
        history.FindByClientMessageIdAsync(conversationId, userId, clientMessageId);


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
