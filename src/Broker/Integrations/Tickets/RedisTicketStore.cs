using System.Text.Json;
using CustomerChat.Broker.Redis;
using StackExchange.Redis;

namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>
/// Tickets shared by every instance, in Redis (docs/protocol.md §17 "Storage"); every key has the hash tag
/// <c>{tickets}</c>:
/// <list type="bullet">
/// <item><c>{p}{tickets}:t:{id}</c> — the ticket as JSON (the API's shape); the JSON itself is the version;</item>
/// <item><c>{p}{tickets}:all</c> — sorted set of every ticket id, scored by creation time (ms);</item>
/// <item><c>{p}{tickets}:status:{status}</c>, <c>{p}{tickets}:assignee:{username}</c>,
/// <c>{p}{tickets}:customer:{customerId}</c> — sets of ticket ids, so a filter reads only its tickets.</item>
/// </list>
/// Writes are Lua scripts (<see cref="RedisTicketScripts"/>); reads are one set read and one MGET.
/// </summary>
public sealed class RedisTicketStore(RedisConnection redis) : ITicketStore
{
    private const string Tag = "{tickets}:";
    private const int ReadBatch = 256;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public async Task CreateAsync(Ticket ticket, CancellationToken ct)
    {
        var ticketKey = TicketKey(ticket.Id);
        RedisKey[] keys =
        [
            ticketKey, AllKey, StatusKey(ticket.Status),
            ticket.Assignee is null ? ticketKey : AssigneeKey(ticket.Assignee),
            ticket.CustomerId is null ? ticketKey : CustomerKey(ticket.CustomerId),
        ];
        RedisValue[] args =
        [
            JsonSerializer.Serialize(ticket, Json), ticket.Id, ticket.CreatedAt.ToUnixTimeMilliseconds(),
            ticket.Assignee is null ? "0" : "1", ticket.CustomerId is null ? "0" : "1",
        ];
        if (await EvalAsync(RedisTicketScripts.Create, keys, args).ConfigureAwait(false) != 1)
        {
            throw new InvalidOperationException($"Ticket {ticket.Id} exists already.");
        }
    }

    /// <inheritdoc />
    public async Task<StoredTicket?> GetAsync(string id, CancellationToken ct)
    {
        var json = await redis.RunAsync("ticket-get", db => db.StringGetAsync(TicketKey(id))).ConfigureAwait(false);
        return json.IsNull ? null : new StoredTicket(Deserialize(json!), json!);
    }

    /// <inheritdoc />
    public async Task<bool> TryReplaceAsync(string expectedVersion, Ticket next, CancellationToken ct)
    {
        var previous = Deserialize(expectedVersion);
        var ticketKey = TicketKey(next.Id);
        RedisKey[] keys =
        [
            ticketKey, StatusKey(previous.Status), StatusKey(next.Status),
            previous.Assignee is null ? ticketKey : AssigneeKey(previous.Assignee),
            next.Assignee is null ? ticketKey : AssigneeKey(next.Assignee),
        ];
        RedisValue[] args =
        [
            expectedVersion, JsonSerializer.Serialize(next, Json), next.Id,
            previous.Assignee is null ? "0" : "1", next.Assignee is null ? "0" : "1",
        ];
        return await EvalAsync(RedisTicketScripts.Replace, keys, args).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Ticket>> ListAsync(TicketStatus? status, string? assignee, CancellationToken ct)
    {
        var ids = await redis.RunAsync("ticket-index", db => (status, assignee) switch
        {
            ({ } s, { } a) => db.SetCombineAsync(SetOperation.Intersect, StatusKey(s), AssigneeKey(a)),
            ({ } s, null) => db.SetMembersAsync(StatusKey(s)),
            (null, { } a) => db.SetMembersAsync(AssigneeKey(a)),
            _ => db.SortedSetRangeByRankAsync(AllKey),
        }).ConfigureAwait(false);
        return await ReadAllAsync(ids).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Ticket>> ListForCustomerAsync(string customerId, CancellationToken ct)
    {
        var ids = await redis.RunAsync("ticket-index", db => db.SetMembersAsync(CustomerKey(customerId))).ConfigureAwait(false);
        return await ReadAllAsync(ids).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 32; attempt++)
        {
            if (await GetAsync(id, ct).ConfigureAwait(false) is not { } stored)
            {
                return false;
            }

            var ticket = stored.Ticket;
            var ticketKey = TicketKey(id);
            RedisKey[] keys =
            [
                ticketKey, AllKey, StatusKey(ticket.Status),
                ticket.Assignee is null ? ticketKey : AssigneeKey(ticket.Assignee),
                ticket.CustomerId is null ? ticketKey : CustomerKey(ticket.CustomerId),
            ];
            RedisValue[] args = [stored.Version, id, ticket.Assignee is null ? "0" : "1", ticket.CustomerId is null ? "0" : "1"];
            if (await EvalAsync(RedisTicketScripts.Delete, keys, args).ConfigureAwait(false) == 1)
            {
                return true;
            }
        }

        throw new Stomp.BackplaneUnavailableException($"Ticket {id} changed too often to be deleted; try again.");
    }

    private string Prefix => redis.Keys.Prefix + Tag;

    private RedisKey AllKey => Prefix + "all";

    private RedisKey TicketKey(string id) => Prefix + "t:" + id;

    private RedisKey StatusKey(TicketStatus status) => Prefix + "status:" + TicketNames.Of(status);

    private RedisKey AssigneeKey(string assignee) => Prefix + "assignee:" + assignee;

    private RedisKey CustomerKey(string customerId) => Prefix + "customer:" + customerId;

    private async Task<IReadOnlyList<Ticket>> ReadAllAsync(RedisValue[] ids)
    {
        var tickets = new List<Ticket>(ids.Length);
        foreach (var chunk in ids.Chunk(ReadBatch))
        {
            var keys = chunk.Select(id => TicketKey(id!)).ToArray();
            var values = await redis.RunAsync("ticket-read", db => db.StringGetAsync(keys)).ConfigureAwait(false);
            tickets.AddRange(values.Where(v => !v.IsNull).Select(v => Deserialize(v!)));
        }

        return [.. tickets.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal)];
    }

    private async Task<long> EvalAsync(string script, RedisKey[] keys, RedisValue[] args) =>
        (long)await redis.RunAsync("ticket-write", db => db.ScriptEvaluateAsync(script, keys, args)).ConfigureAwait(false);

    private static Ticket Deserialize(string json) =>
        JsonSerializer.Deserialize<Ticket>(json, Json) ?? throw new InvalidDataException("A stored ticket is not JSON.");
}
