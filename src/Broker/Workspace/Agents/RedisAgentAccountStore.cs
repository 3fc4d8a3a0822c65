using System.Globalization;
using System.Text.Json;
using CustomerChat.Broker.Redis;
using StackExchange.Redis;

namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>
/// Agent accounts shared by every instance, in Redis (docs/protocol.md §15 "Storage"):
/// <list type="bullet">
/// <item><c>{p}{agents}:accounts</c> — a hash <c>username → account JSON</c> (<see cref="AgentAccount"/>, camelCase);</item>
/// <item><c>{p}{agents}:deleted</c> — a hash <c>username → deletion time</c>, the tombstones.</item>
/// </list>
/// Both keys share the hash tag <c>{agents}</c>: every write is one Lua script over them
/// (<see cref="RedisAgentAccountScripts"/>), every read one MULTI. Changes are announced on the channel
/// <c>{p}{agents}:changed</c> (see <see cref="RedisAgentAccountSync"/>).
/// </summary>
public sealed class RedisAgentAccountStore(RedisConnection redis, TimeProvider time) : IAgentAccountStore
{
    private const string Tag = "{agents}:";

    private RedisKey AccountsKey => redis.Keys.Prefix + Tag + "accounts";

    private RedisKey DeletedKey => redis.Keys.Prefix + Tag + "deleted";

    /// <summary>The pub/sub channel name that announces a changed username.</summary>
    public string ChangedChannel => redis.Keys.Prefix + Tag + "changed";

    /// <inheritdoc />
    public Task<AgentAccountSet> ReadAllAsync(CancellationToken cancellationToken) =>
        redis.RunAsync("agents-read-all", async db =>
        {
            var transaction = db.CreateTransaction();
            var accounts = transaction.HashGetAllAsync(AccountsKey);
            var deleted = transaction.HashKeysAsync(DeletedKey);
            await transaction.ExecuteAsync().ConfigureAwait(false);
            var byName = new Dictionary<string, AgentAccount>(StringComparer.Ordinal);
            foreach (var entry in await accounts.ConfigureAwait(false))
            {
                if (Parse(entry.Value) is { } account)
                {
                    byName[account.Username] = account;
                }
            }

            var names = (await deleted.ConfigureAwait(false)).Select(v => (string)v!).ToHashSet(StringComparer.Ordinal);
            return new AgentAccountSet(byName, names);
        });

    /// <inheritdoc />
    public Task<AgentAccountEntry> ReadAsync(string username, CancellationToken cancellationToken) =>
        redis.RunAsync("agents-read", async db =>
        {
            var transaction = db.CreateTransaction();
            var account = transaction.HashGetAsync(AccountsKey, username);
            var deleted = transaction.HashExistsAsync(DeletedKey, username);
            await transaction.ExecuteAsync().ConfigureAwait(false);
            return new AgentAccountEntry(Parse(await account.ConfigureAwait(false)), await deleted.ConfigureAwait(false));
        });

    /// <inheritdoc />
    public Task<AgentWriteOutcome> CreateAsync(AgentAccount account, CancellationToken cancellationToken) =>
        RunAsync(RedisAgentAccountScripts.Create, account.Username, Serialize(account));

    /// <inheritdoc />
    public Task<AgentWriteOutcome> ReplaceAsync(AgentAccount account, long expectedVersion, CancellationToken cancellationToken) =>
        RunAsync(RedisAgentAccountScripts.Replace, account.Username, expectedVersion.ToString(CultureInfo.InvariantCulture), Serialize(account));

    /// <inheritdoc />
    public Task<AgentWriteOutcome> DeleteAsync(string username, CancellationToken cancellationToken) =>
        RunAsync(RedisAgentAccountScripts.Delete, username, time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));

    private async Task<AgentWriteOutcome> RunAsync(string script, params string[] args)
    {
        RedisKey[] keys = [AccountsKey, DeletedKey];
        RedisValue[] values = [.. args.Select(a => (RedisValue)a)];
        var result = (long)await redis.RunAsync("agents-write", db => db.ScriptEvaluateAsync(script, keys, values)).ConfigureAwait(false);
        return result switch
        {
            1 => AgentWriteOutcome.Done,
            0 => AgentWriteOutcome.Conflict,
            _ => AgentWriteOutcome.NotFound,
        };
    }

    private static string Serialize(AgentAccount account) => JsonSerializer.Serialize(account, WorkspaceHttp.Json);

    private static AgentAccount? Parse(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<AgentAccount>((string)value!, WorkspaceHttp.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
