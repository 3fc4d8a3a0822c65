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
/// reads the same messages and the stream ids Redis assigns are the message ids (SPEC §4): they increase
/// within a conversation and compare across conversations by Redis's clock.
/// <list type="bullet">
/// <item>append: <c>XADD key MAXLEN ~ N * m &lt;json&gt;</c> (the message without its id; N =
/// <c>MaxMessagesPerConversation</c>, trimmed approximately as Redis does cheaply);</item>
/// <item>read after an id: <c>XRANGE key ms-(seq+1) + COUNT limit</c> (the id just after, which works on
/// every Redis with streams, unlike the exclusive <c>(id</c> form that needs 6.2);</item>
/// <item>delete: <c>DEL key</c>.</item>
/// </list>
/// StackExchange.Redis 1.2.6 has no stream API, so the commands go through <c>ExecuteAsync</c>.
/// </summary>
public sealed class RedisHistoryStore(RedisConnection redis, IOptions<CustomerChatOptions> options) : IHistoryStore
{
    private const string Field = "m";
    private static readonly ChatJsonContext Json = ChatJsonContext.Default;

    /// <inheritdoc />
    public async Task<ChatMessageView> AppendAsync(ChatMessageView message, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(message with { Id = "" }, Json.ChatMessageView);
        var max = options.Value.Conversations.MaxMessagesPerConversation.ToString(CultureInfo.InvariantCulture);
        var key = redis.Keys.History(message.ConversationId);
        var id = await redis.RunAsync("xadd", db => db.ExecuteAsync("XADD", key, "MAXLEN", "~", max, "*", Field, json)).ConfigureAwait(false);
        return message with { Id = (string)id! };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessageView>> ReadAsync(string conversationId, StreamId? after, int limit, CancellationToken cancellationToken = default)
    {
        if (limit <= 0)
        {
            return [];
        }

        var start = after is { } a ? Successor(a).ToString() : "-";
        var key = redis.Keys.History(conversationId);
        var count = limit.ToString(CultureInfo.InvariantCulture);
        var result = await redis.RunAsync("xrange", db => db.ExecuteAsync("XRANGE", key, start, "+", "COUNT", count)).ConfigureAwait(false);
        var entries = (RedisResult[])result!;
        var messages = new List<ChatMessageView>(entries.Length);
        foreach (var entry in entries)
        {
            var parts = (RedisResult[])entry!;
            var id = (string)parts[0]!;
            var fields = (RedisResult[])parts[1]!;
            for (var i = 0; i + 1 < fields.Length; i += 2)
            {
                if ((string)fields[i]! == Field)
                {
                    var stored = JsonSerializer.Deserialize((byte[])fields[i + 1]!, Json.ChatMessageView)!;
                    messages.Add(stored with { Id = id });
                    break;
                }
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
