using CustomerChat.Broker.Automation;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;
using StackExchange.Redis;

namespace CustomerChat.Broker.Tests.Automation;

/// <summary>
/// <see cref="RecentMessageMemoryTests"/> on <see cref="RedisRecentMessageMemory"/> in a broker wired to a real
/// <c>redis-server</c>; the window ends by ending the key's life (after checking Redis was told to expire it).
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisRecentMessageMemoryTests(RedisFixture redis) : RecentMessageMemoryTests
{
    private BrokerHost? _broker;
    private ConnectionMultiplexer? _direct;

    /// <inheritdoc />
    protected override async Task<IRecentMessageMemory> CreateMemoryAsync()
    {
        _broker = await redis.StartBrokerAsync();
        _direct = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        return _broker.Services.GetRequiredService<IRecentMessageMemory>();
    }

    /// <inheritdoc />
    protected override async Task LetWindowPassAsync(string customerId)
    {
        var key = ((RedisRecentMessageMemory)Memory).KeyFor(customerId);
        var ttl = await _direct!.GetDatabase().KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(25), Window);
        await _direct.GetDatabase().KeyExpireAsync(key, DateTime.UtcNow.AddMinutes(-1)); // a time in the past ends it now
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        if (_direct is not null)
        {
            await _direct.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    [Fact]
    public async Task TheBrokerOnRedisUsesTheRedisMemoryWithOneHashTaggedKeyPerCustomer()
    {
        var memory = Assert.IsType<RedisRecentMessageMemory>(Memory);
        await memory.ExchangeAsync("c-42", "fingerprint", Window, CancellationToken.None);

        var key = memory.KeyFor("c-42");
        Assert.EndsWith("spam:{c-42}:last", key);
        Assert.Equal(1, key.Count(c => c == '{'));
        Assert.Equal("fingerprint", (string?)await _direct!.GetDatabase().StringGetAsync(key));
    }
}
