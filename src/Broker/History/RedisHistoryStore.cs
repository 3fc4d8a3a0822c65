using System.Globalization;
using System.Text.Json;
using CustomerChat.Broker.Options;
using CustomerChat.Broker.Redis;
using CustomerChat.Protocol.Chat;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CustomerChat.Broker.History;

/// <summary>
/// History in a Redis stream per conversation (<c>{prefix}history:{conversationId}</c>), so every instance
/// reads the same messages and the stream ids Redis assigns are the message ids (docs/protocol.md §5–6): they increase
/// within a conversation and compare across conversations by Redis's clock.
/// <list type="bullet">
/// <item>append: <c>XADD key MAXLEN ~ N * m &lt;json&gt;</c> (the message without its id; N =
/// <c>MaxMessagesPerConversation</c>, trimmed approximately as Redis does cheaply);</item>
/// <item>read after an id: <c>XRANGE key ms-(seq+1) + COUNT limit</c> (the id just after, which works on
/// every Redis with streams, unlike the exclusive <c>(id</c> form that needs 6.2);</item>
/// <item>delete: <c>DEL key</c>.</item>
/// </list>
/// </summary>
public sealed class RedisHistoryStore(RedisConnection redis, IOptions<CustomerChatOptions> options) : IHistoryStore
{
    private const string Field = "m";
    private static readonly ChatJsonContext Json = ChatJsonContext.Default;

    /// <inheritdoc />
    public async Task<ChatMessageView> AppendAsync(ChatMessageView message, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(message with { Id = "" }, Json.ChatMessageView);
        var max = options.Value.Conversations.MaxMessagesPerConversation;
        var key = redis.Keys.History(message.ConversationId);
        var id = await redis.RunAsync("xadd", db => db.StreamAddAsync(key, Field, json, maxLength: max, useApproximateMaxLength: true)).ConfigureAwait(false);
        return message with { Id = (string)id! };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessageView>> ReadAsync(string conversationId, StreamId? after, int limit, CancellationToken cancellationToken = default)
    {
        if (limit <= 0)
        {
            return [];
        }

        RedisValue start = after is { } a ? Successor(a).ToString() : "-";
        var key = redis.Keys.History(conversationId);
        var entries = await redis.RunAsync("xrange", db => db.StreamRangeAsync(key, start, "+", limit)).ConfigureAwait(false);
        var messages = new List<ChatMessageView>(entries.Length);
        foreach (var entry in entries)
        {
            var body = entry[Field];
            if (!body.IsNull)
            {
                var stored = JsonSerializer.Deserialize((byte[])body!, Json.ChatMessageView)!;
                messages.Add(stored with { Id = (string)entry.Id! });
            }
        }

        return messages;
    }

    /// <inheritdoc />
    public Task DeleteAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        var key = redis.Keys.History(conversationId);
        return redis.RunAsync("del", db => db.KeyDeleteAsync(key));
    }

    /// <summary>The smallest stream id greater than <paramref name="id"/>.</summary>
    internal static StreamId Successor(StreamId id) =>
        id.Sequence == long.MaxValue ? new StreamId(id.Milliseconds + 1, 0) : new StreamId(id.Milliseconds, id.Sequence + 1);
}
