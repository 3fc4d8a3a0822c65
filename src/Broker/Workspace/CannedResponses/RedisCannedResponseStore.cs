using CustomerChat.Broker.Redis;
using StackExchange.Redis;

namespace CustomerChat.Broker.Workspace.CannedResponses;

/// <summary>
/// Canned responses shared by every instance, in Redis (docs/protocol.md §14 "Storage"):
/// <list type="bullet">
/// <item><c>{p}{canned}:r:{id}</c> — a hash <c>id</c>, <c>shortCode</c>, <c>content</c> per response;</item>
/// <item><c>{p}{canned}:codes</c> — a hash <c>shortCode → id</c>, the unique index (and the list of all responses).</item>
/// </list>
/// Every write is one Lua script (<see cref="RedisCannedResponseScripts"/>) over both keys, which share the hash
/// tag <c>{canned}</c> and so one Redis Cluster slot. A Redis fault surfaces as the connection's
/// unavailable exception (HTTP 503).
/// </summary>
public sealed class RedisCannedResponseStore(RedisConnection redis) : ICannedResponseStore
{
    private const string Tag = "{canned}:";

    private RedisKey Index => redis.Keys.Prefix + Tag + "codes";

    /// <inheritdoc />
    public async Task<IReadOnlyList<CannedResponse>> ListAsync(CancellationToken ct)
    {
        var index = await redis.RunAsync("canned-list", db => db.HashGetAllAsync(Index)).ConfigureAwait(false);
        if (index.Length == 0)
        {
            return [];
        }

        var hashes = await redis.RunAsync("canned-read", db =>
            Task.WhenAll(index.Select(entry => db.HashGetAllAsync(ResponseKey(entry.Value!))))).ConfigureAwait(false);
        return [.. hashes.Select(Read).OfType<CannedResponse>().OrderBy(r => r.ShortCode, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<CannedResponse?> GetAsync(string id, CancellationToken ct) =>
        Read(await redis.RunAsync("canned-get", db => db.HashGetAllAsync(ResponseKey(id))).ConfigureAwait(false));

    /// <inheritdoc />
    public Task<CannedWriteOutcome> CreateAsync(CannedResponse response, CancellationToken ct) =>
        RunScriptAsync(RedisCannedResponseScripts.Create, response.Id, response.ShortCode, response.Content);

    /// <inheritdoc />
    public Task<CannedWriteOutcome> ReplaceAsync(CannedResponse response, CancellationToken ct) =>
        RunScriptAsync(RedisCannedResponseScripts.Replace, response.Id, response.ShortCode, response.Content);

    /// <inheritdoc />
    public Task<CannedWriteOutcome> DeleteAsync(string id, CancellationToken ct) =>
        RunScriptAsync(RedisCannedResponseScripts.Delete, id);

    private RedisKey ResponseKey(string id) => redis.Keys.Prefix + Tag + "r:" + id;

    private async Task<CannedWriteOutcome> RunScriptAsync(string script, string id, params string[] values)
    {
        RedisKey[] keys = [ResponseKey(id), Index];
        RedisValue[] args = [id, .. values.Select(v => (RedisValue)v)];
        var result = (long)await redis.RunAsync("canned-write", db => db.ScriptEvaluateAsync(script, keys, args)).ConfigureAwait(false);
        return result switch
        {
            1 => CannedWriteOutcome.Done,
            0 => CannedWriteOutcome.DuplicateShortCode,
            _ => CannedWriteOutcome.NotFound,
        };
    }

    private static CannedResponse? Read(HashEntry[] fields)
    {
        string? id = null, shortCode = null, content = null;
        foreach (var field in fields)
        {
            switch ((string?)field.Name)
            {
                case "id": id = field.Value; break;
                case "shortCode": shortCode = field.Value; break;
                case "content": content = field.Value; break;
            }
        }

        return id is null || shortCode is null || content is null ? null : new CannedResponse(id, shortCode, content);
    }
}
