using CustomerChat.Broker.History;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Reads of the conversations' history: the <c>x-since</c> replay, the history an agent gets on claim or transfer,
/// the HTTP history, transcripts and exports. Every read takes the viewer's <see cref="MessageVisibility"/> and
/// returns only what it may see, so no read path can hand a private note to a customer.
/// </summary>
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
    /// The replay for a cursor (one id, or one per conversation: docs/protocol.md §19 "Cursors"), in id order, and
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

            replay.AddRange(await ReadAllAsync(conversation.Id, since, MessageVisibility.For(user)).ConfigureAwait(false));
        }

        replay.Sort((a, b) => StreamId.Parse(a.Id).CompareTo(StreamId.Parse(b.Id)));
        return (replay, truncated);
    }

    /// <summary>
    /// The message <paramref name="userId"/> already sent in the conversation under <paramref name="clientMessageId"/>
    /// within 24 h, or null (docs/protocol.md §19 "Idempotent sends"): checked before the message pipeline; a resend
    /// gets its RECEIPT (HTTP: 200 with this message) and is neither stored nor delivered again.
    /// </summary>
    public Task<ChatMessageView?> FindSentAsync(string conversationId, string userId, string clientMessageId) =>
        history.FindByClientMessageIdAsync(conversationId, userId, clientMessageId);


    /// <summary>Sends the whole history to an agent who just got the conversation (docs/protocol.md §10: messages sent while waiting are shown).</summary>
    public async Task SendHistoryAsync(string agentId, string conversationId)
    {
        foreach (var message in await ReadAllAsync(conversationId, null, MessageVisibility.Agent).ConfigureAwait(false))
        {
            await publish.ToUserMessagesAsync(agentId, message).ConfigureAwait(false);
        }
    }

    /// <summary>Every message of a conversation after <paramref name="after"/> (all when null) that <paramref name="viewer"/> may see, in id order.</summary>
    public async Task<List<ChatMessageView>> ReadAllAsync(string conversationId, StreamId? after, MessageVisibility viewer)
    {
        var all = new List<ChatMessageView>();
        while (true)
        {
            var page = await history.ReadAsync(conversationId, after, ReadPage).ConfigureAwait(false);
            all.AddRange(page.Where(viewer.CanSee));
            if (page.Count < ReadPage)
            {
                return all;
            }

            after = StreamId.Parse(page[^1].Id);
        }
    }

    /// <summary>
    /// Up to <paramref name="limit"/> messages after <paramref name="after"/> that <paramref name="viewer"/> may see,
    /// oldest first, and the <c>after</c> of the next page (the id of the last message read, visible or not), or
    /// null when the history has no more (docs/protocol.md §8 "GET /api/conversations/{id}/messages").
    /// </summary>
    public async Task<(IReadOnlyList<ChatMessageView> Messages, string? Next)> ReadPageAsync(string conversationId, StreamId? after, int limit, MessageVisibility viewer)
    {
        var visible = new List<ChatMessageView>(Math.Min(limit, ReadPage));
        while (true)
        {
            var page = await history.ReadAsync(conversationId, after, limit).ConfigureAwait(false);
            foreach (var message in page)
            {
                after = StreamId.Parse(message.Id);
                if (viewer.CanSee(message))
                {
                    visible.Add(message);
                    if (visible.Count == limit)
                    {
                        return (visible, message.Id);
                    }
                }
            }

            if (page.Count < limit)
            {
                return (visible, null);
            }
        }
    }
}
