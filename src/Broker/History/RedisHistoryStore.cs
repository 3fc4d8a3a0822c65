using System.Diagnostics;
using System.Text.Json;
using CustomerChat.Broker.Options;
using CustomerChat.Broker.Redis;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol.Chat;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CustomerChat.Broker.History;

/// <summary>
/// History in a Redis stream per conversation (<c>{prefix}{c:&lt;id&gt;}:history</c>), so every instance reads the same
/// messages and the stream ids Redis assigns are the message ids (docs/protocol.md §5–6): they increase within a
/// conversation and compare across conversations by Redis's clock. See docs/SCALING.md for the key layout.
/// <list type="bullet">
/// <item>append and publish (<see cref="AppendAndPublishAsync"/>): on a single Redis one script (dedupe <c>GET</c>,
/// <c>XADD key MAXLEN N * m &lt;json&gt;</c>, dedupe <c>SET … EX 86400</c>, <c>PUBLISH</c> to each party's channel with
/// the id spliced in, see <see cref="RedisMessageCodec"/>); on a Redis Cluster one script takes the conversation's
/// order lock and appends, then the sharded publishes, then the lock is released — both keep live order = history order;</item>
/// <item>read after an id: <c>XRANGE key ms-(seq+1) + COUNT limit</c>;</item>
/// <item>bounds: the first entry (<c>XRANGE - + COUNT 1</c>) and the highest trimmed id, which the append scripts
/// record in <c>{c:&lt;id&gt;}:trimmed</c> before an <c>XADD</c> trims;</item>
/// <item>delete: <c>DEL</c> of the stream and its trimmed-through id.</item>
/// </list>
/// Trimming is exact (<c>MAXLEN N</c>, not <c>~</c>), so <c>history.truncated</c> is told precisely.
/// </summary>
public sealed class RedisHistoryStore(RedisConnection redis, IOptions<CustomerChatOptions> options) : IHistoryStore
{
    /// <summary>The longest an instance holds a conversation's order lock on a cluster (it crashed otherwise).</summary>
    public static readonly TimeSpan OrderLockTime = TimeSpan.FromSeconds(5);

    private const string Field = "m";
    private static readonly ChatJsonContext Json = ChatJsonContext.Default;
    private static readonly byte[] IdPrefix = "{\"id\":\""u8.ToArray();

    /// <inheritdoc />
    public async Task<ChatMessageView> AppendAsync(ChatMessageView message, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(message with { Id = "" }, Json.ChatMessageView);
        var max = options.Value.Conversations.MaxMessagesPerConversation;
        var key = redis.Keys.History(message.ConversationId);
        var id = await redis.RunAsync("xadd", db => db.StreamAddAsync(key, Field, json, maxLength: max, useApproximateMaxLength: false)).ConfigureAwait(false);
        return message with { Id = (string)id! };
    }

    /// <inheritdoc />
    public async Task<HistoryAppend> AppendAndPublishAsync(ChatMessageView message, IReadOnlyList<string> routingKeys, Func<ChatMessageView, BrokerMessage> frame, CancellationToken cancellationToken = default)
    {
        var template = frame(message with { Id = "" });
        var spliceable = template.MessageId.Length == 0 && template.Body.Span.StartsWith(IdPrefix) && template.Body.Span[IdPrefix.Length..].StartsWith("\""u8);
        return !redis.IsCluster && spliceable
            ? await AppendAndPublishInOneScriptAsync(message, routingKeys, RedisMessageCodec.EncodeWithIdSlot(template, IdPrefix.Length)).ConfigureAwait(false)
            : await AppendUnderOrderLockAsync(message, routingKeys, frame).ConfigureAwait(false);
    }

    private async Task<HistoryAppend> AppendAndPublishInOneScriptAsync(ChatMessageView message, IReadOnlyList<string> routingKeys, byte[] payload)
    {
        var dedupe = DedupeKey(message);
        RedisKey history = redis.Keys.History(message.ConversationId), trimmed = redis.Keys.HistoryTrimmed(message.ConversationId);
        RedisKey[] keys = dedupe is null ? [history, trimmed] : [history, trimmed, (RedisKey)dedupe];
        var args = new RedisValue[4 + routingKeys.Count];
        args[0] = options.Value.Conversations.MaxMessagesPerConversation;
        args[1] = JsonSerializer.Serialize(message with { Id = "" }, Json.ChatMessageView);
        args[2] = (long)ClientMessageIds.Retention.TotalSeconds;
        args[3] = payload;
        for (var i = 0; i < routingKeys.Count; i++)
        {
            args[4 + i] = redis.Keys.Channel(routingKeys[i]);
        }

        var result = (RedisResult[])(await redis.RunAsync("append-publish", db => db.ScriptEvaluateAsync(RedisHistoryScripts.AppendAndPublish, keys, args)).ConfigureAwait(false))!;
        return await OutcomeAsync(message, (long)result[0], (string)result[1]!).ConfigureAwait(false);
    }

    private async Task<HistoryAppend> AppendUnderOrderLockAsync(ChatMessageView message, IReadOnlyList<string> routingKeys, Func<ChatMessageView, BrokerMessage> frame)
    {
        var dedupe = DedupeKey(message);
        var lockKey = (RedisKey)redis.Keys.HistoryOrderLock(message.ConversationId);
        RedisKey history = redis.Keys.History(message.ConversationId), trimmed = redis.Keys.HistoryTrimmed(message.ConversationId);
        RedisKey[] keys = dedupe is null ? [history, trimmed, lockKey] : [history, trimmed, lockKey, (RedisKey)dedupe];
        var token = Guid.NewGuid().ToString("N");
        RedisValue[] args =
        [
            options.Value.Conversations.MaxMessagesPerConversation,
            JsonSerializer.Serialize(message with { Id = "" }, Json.ChatMessageView),
            (long)ClientMessageIds.Retention.TotalSeconds,
            token,
            (long)OrderLockTime.TotalMilliseconds,
        ];

        // Another instance appending to this conversation holds the lock for one XADD and its publishes (about a
        // millisecond): back off briefly, bounded by the lock's own expiry (the holder may have crashed).
        var started = Stopwatch.GetTimestamp();
        var backoff = 1;
        RedisResult[] result;
        while (true)
        {
            result = (RedisResult[])(await redis.RunAsync("append-locked", db => db.ScriptEvaluateAsync(RedisHistoryScripts.LockAndAppend, keys, args)).ConfigureAwait(false))!;
            if ((long)result[0] != 2)
            {
                break;
            }

            if (Stopwatch.GetElapsedTime(started) > OrderLockTime + TimeSpan.FromSeconds(1))
            {
                throw new BackplaneUnavailableException("The conversation's order lock was not released in time.");
            }

            await Task.Delay(backoff).ConfigureAwait(false); // back-off between lock attempts, not a synchronisation in tests
            backoff = Math.Min(backoff * 2, 20);
        }

        if ((long)result[0] == 0)
        {
            return await OutcomeAsync(message, 0, (string)result[1]!).ConfigureAwait(false);
        }

        var stored = message with { Id = (string)result[1]! };
        try
        {
            if (routingKeys.Count > 0)
            {
                var payload = RedisMessageCodec.Encode(frame(stored));
                var publishes = new Task<long>[routingKeys.Count];
                for (var i = 0; i < routingKeys.Count; i++)
                {
                    var channel = RedisBackplane.ChannelOf(redis, routingKeys[i]);
                    publishes[i] = redis.RunAsync("publish", m => m.GetSubscriber().PublishAsync(channel, payload));
                }

                await Task.WhenAll(publishes).ConfigureAwait(false);
            }
        }
        finally
        {
            await redis.RunAsync("unlock", db => db.ScriptEvaluateAsync(RedisHistoryScripts.Unlock, [lockKey], [token])).ConfigureAwait(false);
        }

        return new HistoryAppend(stored, Duplicate: false);
    }

    private async Task<HistoryAppend> OutcomeAsync(ChatMessageView message, long kind, string id)
    {
        if (kind == 1)
        {
            return new HistoryAppend(message with { Id = id }, Duplicate: false);
        }

        return new HistoryAppend(await ReadOneAsync(message.ConversationId, id).ConfigureAwait(false) ?? Stub(message, id), Duplicate: true);
    }

    /// <inheritdoc />
    public async Task<ChatMessageView?> FindByClientMessageIdAsync(string conversationId, string senderId, string clientMessageId, CancellationToken cancellationToken = default)
    {
        var key = redis.Keys.ClientMessage(conversationId, senderId, clientMessageId);
        var id = await redis.RunAsync("cmid-get", db => db.StringGetAsync(key)).ConfigureAwait(false);
        if (id.IsNull)
        {
            return null;
        }

        return await ReadOneAsync(conversationId, (string)id!).ConfigureAwait(false)
            ?? new ChatMessageView((string)id!, conversationId, senderId, null, "", "", "", default) { ClientMessageId = clientMessageId };
    }

    /// <inheritdoc />
    public async Task<HistoryBounds> BoundsAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        var key = redis.Keys.History(conversationId);
        var trimmedKey = redis.Keys.HistoryTrimmed(conversationId);
        var first = await redis.RunAsync("xrange", db => db.StreamRangeAsync(key, "-", "+", 1)).ConfigureAwait(false);
        var trimmed = await redis.RunAsync("trimmed-get", db => db.StringGetAsync(trimmedKey)).ConfigureAwait(false);
        StreamId? oldest = first.Length > 0 && StreamId.TryParse((string?)first[0].Id, out var id) ? id : null;
        return new HistoryBounds(oldest, StreamId.TryParse((string?)trimmed, out var deleted) ? deleted : StreamId.Zero);
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
        RedisKey[] keys = [redis.Keys.History(conversationId), redis.Keys.HistoryTrimmed(conversationId)];
        return redis.RunAsync("del", db => db.KeyDeleteAsync(keys));
    }

    /// <summary>The smallest stream id greater than <paramref name="id"/>.</summary>
    internal static StreamId Successor(StreamId id) =>
        id.Sequence == long.MaxValue ? new StreamId(id.Milliseconds + 1, 0) : new StreamId(id.Milliseconds, id.Sequence + 1);

    private string? DedupeKey(ChatMessageView message) =>
        message.ClientMessageId is { } clientId ? redis.Keys.ClientMessage(message.ConversationId, message.UserFrom, clientId) : null;

    private async Task<ChatMessageView?> ReadOneAsync(string conversationId, string id)
    {
        if (!StreamId.TryParse(id, out var parsed))
        {
            return null;
        }

        var key = redis.Keys.History(conversationId);
        var entries = await redis.RunAsync("xrange", db => db.StreamRangeAsync(key, parsed.ToString(), parsed.ToString(), 1)).ConfigureAwait(false);
        if (entries.Length == 0 || entries[0][Field].IsNull)
        {
            return null;
        }

        return JsonSerializer.Deserialize((byte[])entries[0][Field]!, Json.ChatMessageView)! with { Id = id };
    }

    private static ChatMessageView Stub(ChatMessageView message, string id) =>
        message with { Id = id, Message = "", Translation = null };
}
