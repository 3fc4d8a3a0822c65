using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Routing;

/// <summary>Two brokers on one shared store (or one broker twice, in memory); disposed once each.</summary>
public sealed class BrokerPair(BrokerHost a, BrokerHost b) : IAsyncDisposable
{
    /// <summary>The first instance.</summary>
    public BrokerHost A { get; } = a;

    /// <summary>The second instance (the first again in memory).</summary>
    public BrokerHost B { get; } = b;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        if (!ReferenceEquals(A, B))
        {
            await B.DisposeAsync();
        }
    }
}
