using System.Text.Json;
using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Redis;
using CustomerChat.Protocol.Chat;
using StackExchange.Redis;

namespace CustomerChat.Broker.Workspace.Search;

/// <summary>
/// The Redis mode's <see cref="IConversationSearch"/> (docs/protocol.md §14 "Filters and search"), with the
/// indexes it keeps as an <see cref="IConversationObserver"/>; every key has the hash tag <c>{s}</c>:
/// <list type="bullet">
/// <item><c>{p}{s}:ix:label:{label}</c>, <c>{p}{s}:ix:dept:{department}</c> — sets of conversation ids, synced on
/// every conversation change (created, assigned, labelled, …);</item>
/// <item><c>{p}{s}:ix:word:{word}</c> — set of the conversations whose messages (notes included) contain the word
/// (<see cref="SearchWords"/>), added to as messages are stored;</item>
/// <item><c>{p}{s}:ix:conv:{id}</c> — set of the index keys the conversation is in (for moves and erasure).</item>
/// </list>
/// A conversation removed after its retention (<see cref="ConversationChangeKinds.Removed"/>) or erased with its
/// customer (<see cref="ForgetAsync"/>) leaves every set, and its own key set goes with it.
/// A search intersects the index sets of its <c>label</c>, <c>department</c> and words (one <c>SINTER</c>) and the
/// agent's conversation list (<c>{s}:user:{agent}:convs</c>), then reads only those conversations (<c>MGET</c>)
/// and checks their fields. Only <c>state</c> alone (or nothing) reads the open or the whole conversation list.
/// </summary>
public sealed class RedisConversationIndex(RedisConnection redis, IConversationStore store) : IConversationSearch, IConversationObserver, IConversationIndexEraser
{
    private const int ReadBatch = 256;
    private static readonly ChatJsonContext Json = ChatJsonContext.Default;

    private RedisKeys Keys => redis.Keys;

    private string IndexPrefix => Keys.StatePrefix + "ix:";

    private string LabelKey(string label) => IndexPrefix + "label:" + label;

    private string DepartmentKey(string department) => IndexPrefix + "dept:" + department;

    private string WordKey(string word) => IndexPrefix + "word:" + word;

    private string MembershipKey(string conversationId) => IndexPrefix + "conv:" + conversationId;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConversationView>> SearchAsync(ConversationQuery query, CancellationToken ct)
    {
        var sets = new List<RedisKey>();
        if (query.Label is { } label)
        {
            sets.Add(LabelKey(label));
        }

        if (query.Department is { } department)
        {
            sets.Add(DepartmentKey(department));
        }

        sets.AddRange(query.Words.Select(w => (RedisKey)WordKey(w)));
        if (sets.Count == 0 && query.Agent is null)
        {
            var includeClosed = query.State is not (ConversationStates.Waiting or ConversationStates.Active);
            return [.. (await store.ListAsync(includeClosed).ConfigureAwait(false)).Where(query.MatchesFields)];
        }

        HashSet<string>? ids = null;
        if (sets.Count > 0)
        {
            var members = await redis.RunAsync("search-index", db => db.SetCombineAsync(SetOperation.Intersect, [.. sets])).ConfigureAwait(false);
            ids = [.. members.Select(m => (string)m!)];
        }

        if (query.Agent is { } agent && ids is not { Count: 0 })
        {
            var key = Keys.UserConversations(agent);
            var held = await redis.RunAsync("search-agent", db => db.SortedSetRangeByRankAsync(key)).ConfigureAwait(false);
            var heldIds = held.Select(m => (string)m!);
            if (ids is null)
            {
                ids = [.. heldIds];
            }
            else
            {
                ids.IntersectWith(heldIds);
            }
        }

        var found = await ReadManyAsync(ids!).ConfigureAwait(false);
        return [.. found.Where(query.MatchesFields).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task OnConversationChangedAsync(ConversationChange change)
    {
        var conversation = change.Conversation;
        if (change.Kind == ConversationChangeKinds.Removed)
        {
            await ForgetAsync(conversation.Id, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        var wanted = conversation.Labels.Select(LabelKey).ToList();
        if (conversation.Department is { } department)
        {
            wanted.Add(DepartmentKey(department));
        }

        var membershipKey = MembershipKey(conversation.Id);
        var current = await redis.RunAsync("index-read", db => db.SetMembersAsync(membershipKey)).ConfigureAwait(false);
        var synced = current.Select(m => (string)m!)
            .Where(k => k.StartsWith(IndexPrefix + "label:", StringComparison.Ordinal) || k.StartsWith(IndexPrefix + "dept:", StringComparison.Ordinal))
            .ToList();
        var leave = synced.Except(wanted, StringComparer.Ordinal).ToList();
        var join = wanted.Except(synced, StringComparer.Ordinal).ToList();
        await MoveAsync(conversation.Id, leave, join).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task OnMessageStoredAsync(ChatMessageView message, ConversationView conversation) =>
        MoveAsync(conversation.Id, [], [.. SearchWords.Of(message.Message).Select(WordKey)]);

    /// <inheritdoc />
    public async Task ForgetAsync(string conversationId, CancellationToken ct)
    {
        var membershipKey = MembershipKey(conversationId);
        var current = await redis.RunAsync("index-read", db => db.SetMembersAsync(membershipKey)).ConfigureAwait(false);
        await MoveAsync(conversationId, [.. current.Select(m => (string)m!)], []).ConfigureAwait(false);
    }

    private async Task MoveAsync(string conversationId, IReadOnlyList<string> leave, IReadOnlyList<string> join)
    {
        if (leave.Count == 0 && join.Count == 0)
        {
            return;
        }

        RedisKey[] keys = [MembershipKey(conversationId), .. leave.Select(k => (RedisKey)k), .. join.Select(k => (RedisKey)k)];
        RedisValue[] args = [conversationId, leave.Count];
        await redis.RunAsync("index-write", db => db.ScriptEvaluateAsync(RedisConversationIndexScripts.Move, keys, args)).ConfigureAwait(false);
    }

    private async Task<List<ConversationView>> ReadManyAsync(IReadOnlyCollection<string> ids)
    {
        var list = new List<ConversationView>(ids.Count);
        foreach (var chunk in ids.Chunk(ReadBatch))
        {
            var keys = chunk.Select(id => (RedisKey)Keys.Conversation(id)).ToArray();
            var values = await redis.RunAsync("search-read", db => db.StringGetAsync(keys)).ConfigureAwait(false);
            list.AddRange(values.Where(v => !v.IsNull).Select(v => JsonSerializer.Deserialize((string)v!, Json.ConversationView)!));
        }

        return list;
    }
}
