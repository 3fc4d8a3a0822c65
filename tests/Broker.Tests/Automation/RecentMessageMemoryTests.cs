using CustomerChat.Broker.Automation;

namespace CustomerChat.Broker.Tests.Automation;

/// <summary>
/// The behaviour of an <see cref="IRecentMessageMemory"/> (the <c>spam</c> step's memory), run against the in-memory
/// implementation (<see cref="InMemoryRecentMessageMemoryTests"/>) and the Redis one (<see cref="RedisRecentMessageMemoryTests"/>).
/// </summary>
public abstract class RecentMessageMemoryTests : IAsyncLifetime
{
    /// <summary>The window the tests use, as the <c>spam</c> step does by default.</summary>
    protected static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private IRecentMessageMemory? _memory;

    /// <summary>The memory under test.</summary>
    protected IRecentMessageMemory Memory => _memory ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>Creates the memory under test.</summary>
    protected abstract Task<IRecentMessageMemory> CreateMemoryAsync();

    /// <summary>Lets the window of <paramref name="customerId"/>'s latest entry run out.</summary>
    protected abstract Task LetWindowPassAsync(string customerId);

    /// <inheritdoc />
    public async Task InitializeAsync() => _memory = await CreateMemoryAsync();

    /// <inheritdoc />
    public abstract Task DisposeAsync();

    [Fact]
    public async Task TheFirstMessageOfACustomerHasNoPrevious()
    {
        Assert.Null(await Memory.ExchangeAsync(NewCustomer(), "a", Window, CancellationToken.None));
    }

    [Fact]
    public async Task WithinTheWindowTheExchangeReturnsThePreviousFingerprintAndKeepsTheNewOne()
    {
        var customer = NewCustomer();
        await Memory.ExchangeAsync(customer, "a", Window, CancellationToken.None);

        Assert.Equal("a", await Memory.ExchangeAsync(customer, "b", Window, CancellationToken.None));
        Assert.Equal("b", await Memory.ExchangeAsync(customer, "b", Window, CancellationToken.None));
    }

    [Fact]
    public async Task CustomersHaveSeparateMemories()
    {
        var ada = NewCustomer();
        var bob = NewCustomer();
        await Memory.ExchangeAsync(ada, "a", Window, CancellationToken.None);

        Assert.Null(await Memory.ExchangeAsync(bob, "a", Window, CancellationToken.None));
        Assert.Equal("a", await Memory.ExchangeAsync(ada, "a", Window, CancellationToken.None));
    }

    [Fact]
    public async Task AfterTheWindowThePreviousMessageIsForgotten()
    {
        var customer = NewCustomer();
        await Memory.ExchangeAsync(customer, "a", Window, CancellationToken.None);

        await LetWindowPassAsync(customer);

        Assert.Null(await Memory.ExchangeAsync(customer, "a", Window, CancellationToken.None));
        Assert.Equal("a", await Memory.ExchangeAsync(customer, "a", Window, CancellationToken.None));
    }

    [Fact]
    public async Task ConcurrentExchangesOfOneCustomerAreAtomicSoExactlyOneSeesNothingBefore()
    {
        var customer = NewCustomer();
        var results = await Task.WhenAll(Enumerable.Range(0, 32)
            .Select(i => Task.Run(async () => await Memory.ExchangeAsync(customer, $"m{i}", Window, CancellationToken.None))));

        Assert.Single(results, r => r is null);
        Assert.Equal(31, results.Where(r => r is not null).Distinct().Count()); // each replaced fingerprint is seen once
    }

    private static string NewCustomer() => $"c-{Guid.NewGuid():N}";
}
