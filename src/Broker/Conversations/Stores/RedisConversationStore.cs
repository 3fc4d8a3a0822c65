using System.Text.Json;
using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.History;
using CustomerChat.Broker.Redis;
using CustomerChat.Protocol.Chat;
using StackExchange.Redis;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Conversation state shared by every instance (SPEC §5), in Redis:
/// <list type="bullet">
/// <item><c>{p}conv:{id}</c> — the conversation as JSON (<see cref="ConversationView"/>, the API's own shape);</item>
/// <item><c>{p}convs:open</c>, <c>{p}convs:all</c> — sorted sets of ids by creation time (snapshot, listing, sweeper);</item>
/// <item><c>{p}customer:{id}:latest</c> — the customer's most recent conversation id;</item>
/// <item><c>{p}user:{id}:convs</c> — sorted set of the conversations a user is in (customer or current agent);</item>
/// <item><c>{p}agent:{id}:active</c> — set of the agent's active conversations; its size is the agent's load.</item>
/// </list>
/// Every change is one Lua script (<see cref="RedisConversationScripts"/>): the decision is taken in C# on
/// the state just read, and the script applies it only if the stored JSON is still what was read
/// (compare-and-set), together with the index changes and, for a claim or transfer, the capacity check.
/// Two agents claiming on two instances: both read "waiting", one script wins, the other sees a changed
/// conversation, re-reads "active" and gets <see cref="StoreOutcome.WrongState"/>.
/// </summary>
public sealed class RedisConversationStore(RedisConnection redis) : IConversationStore
{
    private const int MaxAttempts = 32;
    private const int ReadBatch = 256;
    private static readonly ChatJsonContext Json = ChatJsonContext.Default;

    private RedisKeys Keys => redis.Keys;

    /// <inheritdoc />
    public async Task<ConversationView?> GetAsync(string id) => (await ReadAsync(id).ConfigureAwait(false)).View;

    /// <inheritdoc />
    public async Task<ConversationView?> GetLatestForCustomerAsync(string customerId)
    {
        var latest = await GetLatestIdAsync(customerId).ConfigureAwait(false);
        return latest is null ? null : (await ReadAsync(latest).ConfigureAwait(false)).View;
    }

    /// <inheritdoc />
    public async Task<(ConversationView Conversation, bool Created)> GetOrOpenAsync(string customerId, ConversationView create)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var latest = await GetLatestIdAsync(customerId).ConfigureAwait(false);
            if (latest is not null && (await ReadAsync(latest).ConfigureAwait(false)).View is { } current && current.State != ConversationStates.Closed)
            {
                return (current, false);
            }

            var done = await EvalAsync(RedisConversationScripts.Open,
                [Keys.CustomerLatest(customerId), Keys.Conversation(create.Id), Keys.OpenConversations, Keys.AllConversations, Keys.UserConversations(customerId)],
                [latest ?? "", Serialize(create), create.Id, Score(create)]).ConfigureAwait(false);
            if (done == 1)
            {
                return (create, true);
            }
        }

        throw Contention(create.Id);
    }

    /// <inheritdoc />
    public Task<StoreResult> ClaimAsync(string id, string agentId, string agentName, int capacity) =>
        ChangeAsync(id,
            c => c.State != ConversationStates.Waiting ? StoreOutcome.WrongState : StoreOutcome.Ok,
            c => c with { State = ConversationStates.Active, AgentId = agentId, AgentName = agentName },
            (expected, updated, c) => EvalAsync(RedisConversationScripts.Claim,
                [Keys.Conversation(id), Keys.AgentActive(agentId), Keys.UserConversations(agentId)],
                [expected, updated, capacity, id, Score(c)]));

    /// <inheritdoc />
    public Task<StoreResult> TransferAsync(string id, string fromAgent, string toAgent, string toAgentName, int capacity) =>
        ChangeAsync(id,
            c => c.State != ConversationStates.Active ? StoreOutcome.WrongState : c.AgentId != fromAgent ? StoreOutcome.NotAssigned : StoreOutcome.Ok,
            c => c with { AgentId = toAgent, AgentName = toAgentName },
            (expected, updated, c) => EvalAsync(RedisConversationScripts.Transfer,
                [Keys.Conversation(id), Keys.AgentActive(toAgent), Keys.AgentActive(fromAgent), Keys.UserConversations(toAgent), Keys.UserConversations(fromAgent)],
                [expected, updated, capacity, id, Score(c)]));

    /// <inheritdoc />
    public Task<StoreResult> CloseAsync(string id, DateTimeOffset at) =>
        ChangeAsync(id,
            c => c.State == ConversationStates.Closed ? StoreOutcome.WrongState : StoreOutcome.Ok,
            c => c with { State = ConversationStates.Closed, ClosedAt = at },
            (expected, updated, c) =>
            {
                var agent = c.State == ConversationStates.Active ? c.AgentId : null;
                return EvalAsync(RedisConversationScripts.Close,
                    [Keys.Conversation(id), Keys.OpenConversations, agent is null ? Keys.Conversation(id) : Keys.AgentActive(agent)],
                    [expected, updated, id, agent is null ? "0" : "1"]);
            });

    /// <inheritdoc />
    public Task<StoreResult> RateAsync(string id, RatingView rating) =>
        ChangeAsync(id,
            c => c.State != ConversationStates.Closed ? StoreOutcome.WrongState : c.Rating is not null ? StoreOutcome.AlreadyRated : StoreOutcome.Ok,
            c => c with { Rating = rating },
            (expected, updated, _) => EvalAsync(RedisConversationScripts.Replace, [Keys.Conversation(id)], [expected, updated]));

    /// <inheritdoc />
    public async Task<ConversationView?> TouchAsync(string id, ChatMessageView lastMessage)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (json, current) = await ReadAsync(id).ConfigureAwait(false);
            if (current is null)
            {
                return null;
            }

            // Two instances may touch one conversation out of order: keep the newest message.
            if (current.LastMessage is { } last && StreamId.TryParse(last.Id, out var lastId)
                && StreamId.TryParse(lastMessage.Id, out var newId) && lastId >= newId)
            {
                return current;
            }

            var updated = current with { LastMessage = lastMessage, LastActivityAt = lastMessage.Timestamp };
            if (await EvalAsync(RedisConversationScripts.Replace, [Keys.Conversation(id)], [json!, Serialize(updated)]).ConfigureAwait(false) == 1)
            {
                return updated;
            }
        }

        throw Contention(id);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConversationView>> ListAsync(bool includeClosed)
    {
        var key = includeClosed ? Keys.AllConversations : Keys.OpenConversations;
        var ids = await redis.RunAsync("zrange", db => db.SortedSetRangeByRankAsync(key)).ConfigureAwait(false);
        var all = await ReadManyAsync(ids).ConfigureAwait(false);
        return all.Where(c => includeClosed || c.State != ConversationStates.Closed).OrderBy(c => c.CreatedAt).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConversationView>> ListForUserAsync(string userId)
    {
        var key = Keys.UserConversations(userId);
        var ids = await redis.RunAsync("zrange", db => db.SortedSetRangeByRankAsync(key)).ConfigureAwait(false);
        var all = await ReadManyAsync(ids).ConfigureAwait(false);
        return all.Where(c => c.CustomerId == userId || c.AgentId == userId).OrderBy(c => c.CreatedAt).ToList();
    }

    /// <inheritdoc />
    public async Task RemoveAsync(string id)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (json, c) = await ReadAsync(id).ConfigureAwait(false);
            if (c is null)
            {
                return;
            }

            var agent = c.AgentId;
            var done = await EvalAsync(RedisConversationScripts.Remove,
                [Keys.Conversation(id), Keys.OpenConversations, Keys.AllConversations, Keys.CustomerLatest(c.CustomerId), Keys.UserConversations(c.CustomerId),
                 Keys.UserConversations(agent ?? c.CustomerId), Keys.AgentActive(agent ?? c.CustomerId)],
                [json!, id, agent is null ? "0" : "1"]).ConfigureAwait(false);
            if (done == 1)
            {
                return;
            }
        }

        throw Contention(id);
    }

    private async Task<StoreResult> ChangeAsync(
        string id,
        Func<ConversationView, StoreOutcome> check,
        Func<ConversationView, ConversationView> apply,
        Func<string, string, ConversationView, Task<long>> write)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (json, current) = await ReadAsync(id).ConfigureAwait(false);
            if (current is null)
            {
                return new StoreResult(StoreOutcome.NotFound, null);
            }

            var outcome = check(current);
            if (outcome != StoreOutcome.Ok)
            {
                return new StoreResult(outcome, current);
            }

            var updated = apply(current);
            switch (await write(json!, Serialize(updated), current).ConfigureAwait(false))
            {
                case 1:
                    return new StoreResult(StoreOutcome.Ok, updated);
                case 2:
                    return new StoreResult(StoreOutcome.AtCapacity, current);
            }

            // 0: changed by someone else since the read; decide again on the new state.
        }

        throw Contention(id);
    }

    private async Task<string?> GetLatestIdAsync(string customerId)
    {
        var key = Keys.CustomerLatest(customerId);
        var value = await redis.RunAsync("get", db => db.StringGetAsync(key)).ConfigureAwait(false);
        return value.IsNull ? null : (string)value!;
    }

    private async Task<(string? Json, ConversationView? View)> ReadAsync(string id)
    {
        var key = Keys.Conversation(id);
        var value = await redis.RunAsync("get", db => db.StringGetAsync(key)).ConfigureAwait(false);
        if (value.IsNull)
        {
            return (null, null);
        }

        var json = (string)value!;
        return (json, JsonSerializer.Deserialize(json, Json.ConversationView));
    }

    private async Task<List<ConversationView>> ReadManyAsync(RedisValue[] ids)
    {
        var list = new List<ConversationView>(ids.Length);
        for (var start = 0; start < ids.Length; start += ReadBatch)
        {
            var keys = ids.Skip(start).Take(ReadBatch).Select(id => (RedisKey)Keys.Conversation((string)id!)).ToArray();
            var values = await redis.RunAsync("mget", db => db.StringGetAsync(keys)).ConfigureAwait(false);
            foreach (var value in values)
            {
                if (!value.IsNull)
                {
                    list.Add(JsonSerializer.Deserialize((string)value!, Json.ConversationView)!);
                }
            }
        }

        return list;
    }

    private async Task<long> EvalAsync(string script, RedisKey[] keys, RedisValue[] values)
    {
        var result = await redis.RunAsync("conversation-script", db => db.ScriptEvaluateAsync(script, keys, values)).ConfigureAwait(false);
        return (long)result;
    }

    private static string Serialize(ConversationView conversation) => JsonSerializer.Serialize(conversation, Json.ConversationView);

    private static long Score(ConversationView conversation) => conversation.CreatedAt.ToUnixTimeMilliseconds();

    private static BackplaneUnavailableException Contention(string id) =>
        new($"Conversation {id} changed too often to be updated; try again.");
}
