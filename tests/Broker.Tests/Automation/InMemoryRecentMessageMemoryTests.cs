using CustomerChat.Broker.Automation;

namespace CustomerChat.Broker.Tests.Automation;

/// <summary><see cref="RecentMessageMemoryTests"/> on <see cref="InMemoryRecentMessageMemory"/>, on a clock the test moves.</summary>
public sealed class InMemoryRecentMessageMemoryTests : RecentMessageMemoryTests
{
    private readonly ManualTimeProvider _time = new();

    /// <inheritdoc />
    protected override Task<IRecentMessageMemory> CreateMemoryAsync() => Task.FromResult<IRecentMessageMemory>(new InMemoryRecentMessageMemory(_time));

    /// <inheritdoc />
    protected override Task LetWindowPassAsync(string customerId)
    {
        _time.Advance(Window);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task OneTickBeforeTheWindowEndsThePreviousMessageIsStillRemembered()
    {
        await Memory.ExchangeAsync("c-1", "a", Window, CancellationToken.None);
        _time.Advance(Window - TimeSpan.FromTicks(1));
        Assert.Equal("a", await Memory.ExchangeAsync("c-1", "a", Window, CancellationToken.None));
    }

    [Fact]
    public async Task ExpiredCustomersAreSweptSoTheMemoryStaysBounded()
    {
        var memory = new InMemoryRecentMessageMemory(_time);
        for (var i = 0; i < 1000; i++)
        {
            await memory.ExchangeAsync($"c-{i}", "a", Window, CancellationToken.None);
        }

        _time.Advance(Window);
        for (var i = 0; i < 48; i++)
        {
            await memory.ExchangeAsync($"c-new-{i}", "a", Window, CancellationToken.None);
        }

        Assert.Equal(48, memory.Count); // the 1,024th write swept the 1,000 expired entries (else 1,048)
    }
}
