using System.Collections.Concurrent;
using CustomerChat.Broker.Options;
using CustomerChat.Protocol.Chat;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.History;

/// <summary>
/// History for a single instance: a list per conversation, trimmed to <c>MaxMessagesPerConversation</c>
/// like <c>XADD MAXLEN</c>. Ids are assigned the way Redis assigns stream ids.
/// </summary>
public sealed class InMemoryHistoryStore(TimeProvider time, IOptions<CustomerChatOptions> options) : IHistoryStore
{
    private readonly ConcurrentDictionary<string, Stream> _streams = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<ChatMessageView> AppendAsync(ChatMessageView message, CancellationToken cancellationToken = default)
    {
        var stream = _streams.GetOrAdd(message.ConversationId, static _ => new Stream());
        lock (stream)
        {
            var id = StreamId.Next(stream.Last, time.GetUtcNow().ToUnixTimeMilliseconds());
            var stored = message with { Id = id.ToString() };
            stream.Last = id;
            stream.Items.Add((id, stored));
            var max = options.Value.Conversations.MaxMessagesPerConversation;
            if (stream.Items.Count > max)
            {
                stream.Items.RemoveRange(0, stream.Items.Count - max);
            }

            return Task.FromResult(stored);
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

    private sealed class Stream
    {
        public readonly List<(StreamId Id, ChatMessageView Message)> Items = [];
        public StreamId Last;
    }
}
