using System.Collections.Concurrent;
using CustomerChat.Broker.Options;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol.Chat;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.History;

/// <summary>
/// History for a single instance: a list per conversation, trimmed to <c>MaxMessagesPerConversation</c>
/// like <c>XADD MAXLEN</c>. Ids are assigned the way Redis assigns stream ids. Client message ids are kept per
/// conversation in a map bounded by <c>MaxMessagesPerConversation</c> entries whose entries expire after
/// <see cref="ClientMessageIds.Retention"/>.
/// </summary>
public sealed class InMemoryHistoryStore(TimeProvider time, IOptions<CustomerChatOptions> options, IBackplane backplane) : IHistoryStore
{
    private readonly ConcurrentDictionary<string, Stream> _streams = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<ChatMessageView> AppendAsync(ChatMessageView message, CancellationToken cancellationToken = default) =>
        Task.FromResult(Append(message).Stored);

    /// <inheritdoc />
    public async Task<HistoryAppend> AppendAndPublishAsync(ChatMessageView message, IReadOnlyList<string> routingKeys, Func<ChatMessageView, BrokerMessage> frame, CancellationToken cancellationToken = default)
    {
        // One instance: the caller holds the conversation's lock, so append and publish of one conversation never interleave.
        var appended = Append(message);
        if (!appended.Duplicate && routingKeys.Count > 0)
        {
            var published = frame(appended.Stored);
            foreach (var key in routingKeys)
            {
                await backplane.PublishAsync(key, published, cancellationToken).ConfigureAwait(false);
            }
        }

        return appended;
    }

    /// <inheritdoc />
    public Task<ChatMessageView?> FindByClientMessageIdAsync(string conversationId, string senderId, string clientMessageId, CancellationToken cancellationToken = default)
    {
        if (!_streams.TryGetValue(conversationId, out var stream))
        {
            return Task.FromResult<ChatMessageView?>(null);
        }

        lock (stream)
        {
            return Task.FromResult(Seen(stream, senderId, clientMessageId));
        }
    }

    /// <inheritdoc />
    public Task<HistoryBounds> BoundsAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        if (!_streams.TryGetValue(conversationId, out var stream))
        {
            return Task.FromResult(default(HistoryBounds));
        }

        lock (stream)
        {
            return Task.FromResult(new HistoryBounds(stream.Items.Count == 0 ? null : stream.Items[0].Id, stream.MaxDeleted));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChatMessageView>> ReadAsync(string conversationId, StreamId? after, int limit, CancellationToken cancellationToken = default)
    {
        if (!_streams.TryGetValue(conversationId, out var stream))
        {
            return Task.FromResult<IReadOnlyList<ChatMessageView>>([]);
        }

        lock (stream)
        {
            var start = 0;
            if (after is { } a)
            {
                start = stream.Items.FindIndex(item => item.Id > a);
                if (start < 0)
                {
                    return Task.FromResult<IReadOnlyList<ChatMessageView>>([]);
                }
            }

            var count = Math.Min(limit, stream.Items.Count - start);
            return Task.FromResult<IReadOnlyList<ChatMessageView>>(stream.Items.GetRange(start, count).ConvertAll(item => item.Message));
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        _streams.TryRemove(conversationId, out _);
        return Task.CompletedTask;
    }

    private HistoryAppend Append(ChatMessageView message)
    {
        var stream = _streams.GetOrAdd(message.ConversationId, static _ => new Stream());
        lock (stream)
        {
            if (message.ClientMessageId is { } clientId && Seen(stream, message.UserFrom, clientId) is { } first)
            {
                return new HistoryAppend(first, Duplicate: true);
            }

            var now = time.GetUtcNow();
            var id = StreamId.Next(stream.Last, now.ToUnixTimeMilliseconds());
            var stored = message with { Id = id.ToString() };
            stream.Last = id;
            stream.Items.Add((id, stored));
            var max = options.Value.Conversations.MaxMessagesPerConversation;
            if (stream.Items.Count > max)
            {
                var removed = stream.Items.Count - max;
                stream.MaxDeleted = stream.Items[removed - 1].Id;
                stream.Items.RemoveRange(0, removed);
            }

            if (message.ClientMessageId is { } remembered)
            {
                var key = (message.UserFrom, remembered);
                stream.Sent[key] = (stored, now + ClientMessageIds.Retention);
                stream.SentOrder.Enqueue(key);
                while (stream.SentOrder.Count > Math.Max(max, 1)
                    || (stream.SentOrder.TryPeek(out var oldest) && stream.Sent.TryGetValue(oldest, out var entry) && entry.Expires <= now))
                {
                    stream.Sent.Remove(stream.SentOrder.Dequeue());
                }
            }

            return new HistoryAppend(stored, Duplicate: false);
        }
    }

    private ChatMessageView? Seen(Stream stream, string senderId, string clientMessageId) =>
        stream.Sent.TryGetValue((senderId, clientMessageId), out var entry) && entry.Expires > time.GetUtcNow() ? entry.Message : null;

    private sealed class Stream
    {
        public readonly List<(StreamId Id, ChatMessageView Message)> Items = [];
        public readonly Dictionary<(string Sender, string ClientId), (ChatMessageView Message, DateTimeOffset Expires)> Sent = [];
        public readonly Queue<(string Sender, string ClientId)> SentOrder = new();
        public StreamId Last;
        public StreamId MaxDeleted;
    }
}
