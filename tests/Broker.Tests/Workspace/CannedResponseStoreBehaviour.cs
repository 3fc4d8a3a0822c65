using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;
using CustomerChat.Broker.Workspace.CannedResponses;
using StackExchange.Redis;

namespace CustomerChat.Broker.Tests.Workspace;

/// <summary>
/// What every <see cref="ICannedResponseStore"/> must do, run in memory and on a real redis-server: the
/// short-code index stays unique through creates, replacements and deletes, also under concurrent writers.
/// </summary>
public abstract class CannedResponseStoreBehaviour : IAsyncLifetime
{
    private ICannedResponseStore? _store;
    private BrokerHost? _broker;

    private ICannedResponseStore Store => _store!;

    /// <summary>A broker whose store is used (the store comes from the broker's own registration).</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _broker = await StartBrokerAsync();
        _store = _broker.Services.GetRequiredService<ICannedResponseStore>();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    [Fact]
    public async Task CreatedResponsesAreListedByShortCodeAndReadById()
    {
        Assert.Equal(CannedWriteOutcome.Done, await Store.CreateAsync(new("cr-2", "shipping", "Ships in two days."), default));
        Assert.Equal(CannedWriteOutcome.Done, await Store.CreateAsync(new("cr-1", "refund", "Refunds take five days."), default));

        Assert.Equal(["refund", "shipping"], (await Store.ListAsync(default)).Select(r => r.ShortCode));
        Assert.Equal(new CannedResponse("cr-2", "shipping", "Ships in two days."), await Store.GetAsync("cr-2", default));
        Assert.Null(await Store.GetAsync("cr-missing", default));
    }

    [Fact]
    public async Task ADuplicateShortCodeIsRefusedAndChangesNothing()
    {
        await Store.CreateAsync(new("cr-1", "refund", "first"), default);
        Assert.Equal(CannedWriteOutcome.DuplicateShortCode, await Store.CreateAsync(new("cr-2", "refund", "second"), default));

        Assert.Equal([new CannedResponse("cr-1", "refund", "first")], await Store.ListAsync(default));
        Assert.Null(await Store.GetAsync("cr-2", default));
    }

    [Fact]
    public async Task ReplacingMovesTheShortCodeAndFreesTheOldOne()
    {
        await Store.CreateAsync(new("cr-1", "refund", "first"), default);
        Assert.Equal(CannedWriteOutcome.Done, await Store.ReplaceAsync(new("cr-1", "refunds", "changed"), default));

        Assert.Equal(new CannedResponse("cr-1", "refunds", "changed"), await Store.GetAsync("cr-1", default));
        Assert.Equal(CannedWriteOutcome.Done, await Store.CreateAsync(new("cr-2", "refund", "the old code is free"), default));
        Assert.Equal(["refund", "refunds"], (await Store.ListAsync(default)).Select(r => r.ShortCode));
    }

    [Fact]
    public async Task ReplacingWithItsOwnShortCodeChangesTheContent()
    {
        await Store.CreateAsync(new("cr-1", "refund", "first"), default);
        Assert.Equal(CannedWriteOutcome.Done, await Store.ReplaceAsync(new("cr-1", "refund", "second"), default));
        Assert.Equal("second", (await Store.GetAsync("cr-1", default))!.Content);
    }

    [Fact]
    public async Task ReplacingWithAnotherResponsesShortCodeIsRefused()
    {
        await Store.CreateAsync(new("cr-1", "refund", "first"), default);
        await Store.CreateAsync(new("cr-2", "shipping", "second"), default);
        Assert.Equal(CannedWriteOutcome.DuplicateShortCode, await Store.ReplaceAsync(new("cr-2", "refund", "taken"), default));
        Assert.Equal(new CannedResponse("cr-2", "shipping", "second"), await Store.GetAsync("cr-2", default));
    }

    [Fact]
    public async Task ReplacingOrDeletingAnUnknownIdIsNotFound()
    {
        Assert.Equal(CannedWriteOutcome.NotFound, await Store.ReplaceAsync(new("cr-x", "refund", "x"), default));
        Assert.Equal(CannedWriteOutcome.NotFound, await Store.DeleteAsync("cr-x", default));
        Assert.Empty(await Store.ListAsync(default));
    }

    [Fact]
    public async Task DeletingRemovesTheResponseAndFreesItsShortCode()
    {
        await Store.CreateAsync(new("cr-1", "refund", "first"), default);
        Assert.Equal(CannedWriteOutcome.Done, await Store.DeleteAsync("cr-1", default));
        Assert.Null(await Store.GetAsync("cr-1", default));
        Assert.Empty(await Store.ListAsync(default));
        Assert.Equal(CannedWriteOutcome.Done, await Store.CreateAsync(new("cr-2", "refund", "again"), default));
    }

    [Fact]
    public async Task OfManyConcurrentCreatesWithOneShortCodeExactlyOneWins()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => Store.CreateAsync(new($"cr-{i}", "same", $"text {i}"), default))));
        Assert.Equal(1, outcomes.Count(o => o == CannedWriteOutcome.Done));
        Assert.Single(await Store.ListAsync(default));
    }
}

/// <summary><see cref="CannedResponseStoreBehaviour"/> in memory.</summary>
public sealed class InMemoryCannedResponseStoreTests : CannedResponseStoreBehaviour
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync() => BrokerHost.StartAsync();
}

/// <summary><see cref="CannedResponseStoreBehaviour"/> on a real redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisCannedResponseStoreTests(RedisFixture redis) : CannedResponseStoreBehaviour
{
    private readonly string _prefix = RedisFixture.NewPrefix();

    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync() => redis.StartBrokerAsync(_prefix);

    [Fact]
    public async Task EachResponseIsAHashBesideOneShortCodeIndexUnderTheCannedHashTag()
    {
        await using var broker = await redis.StartBrokerAsync(_prefix);
        var store = broker.Services.GetRequiredService<ICannedResponseStore>();
        await store.CreateAsync(new("cr-1", "refund", "first"), default);
        await store.CreateAsync(new("cr-2", "shipping", "second"), default);

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var keys = server.Keys(pattern: _prefix + "{canned}:*").Select(k => k.ToString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([_prefix + "{canned}:codes", _prefix + "{canned}:r:cr-1", _prefix + "{canned}:r:cr-2"], keys);
        Assert.Equal("cr-1", (string?)await connection.GetDatabase().HashGetAsync(_prefix + "{canned}:codes", "refund"));
    }

    [Fact]
    public async Task TheStoreInRedisModeIsTheRedisOne()
    {
        await using var broker = await redis.StartBrokerAsync();
        Assert.IsType<RedisCannedResponseStore>(broker.Services.GetRequiredService<ICannedResponseStore>());
    }
}
