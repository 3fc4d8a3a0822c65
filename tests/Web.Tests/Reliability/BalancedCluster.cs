using System.Security.Cryptography;

namespace CustomerChat.Web.Tests.Reliability;

/// <summary>
/// Two broker processes (<see cref="A"/> and <see cref="B"/>) on one real <c>redis-server</c>, sharing one signing key,
/// behind a <see cref="TcpBalancer"/> that sends every connection to A until switched. Disposing stops everything that
/// was started (balancer, both brokers, Redis), also after a failed start.
/// </summary>
public sealed class BalancedCluster : IAsyncDisposable
{
    private BalancedCluster(RedisProcess redis, BrokerInstance a, BrokerInstance b, TcpBalancer balancer)
    {
        Redis = redis;
        A = a;
        B = b;
        Balancer = balancer;
    }

    /// <summary>The shared Redis.</summary>
    public RedisProcess Redis { get; }

    /// <summary>The instance the balancer sends connections to first.</summary>
    public BrokerInstance A { get; }

    /// <summary>The other instance.</summary>
    public BrokerInstance B { get; }

    /// <summary>The balancer the pages are loaded from.</summary>
    public TcpBalancer Balancer { get; }

    /// <summary>Starts Redis, then both brokers at once, then the balancer (pointing at A).</summary>
    public static async Task<BalancedCluster> StartAsync()
    {
        var redis = await RedisProcess.StartAsync();
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var starting = new[]
        {
            BrokerInstance.StartAsync("a", redis.Configuration, signingKey),
            BrokerInstance.StartAsync("b", redis.Configuration, signingKey),
        };
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await (await started).DisposeAsync();
            }

            await redis.DisposeAsync();
            throw;
        }

        var a = await starting[0];
        var b = await starting[1];
        return new BalancedCluster(redis, a, b, TcpBalancer.Start(a.Port));
    }

    /// <summary>The balancer's connection counts per instance, in one line.</summary>
    public string Summary() =>
        $"[balancer] {Balancer.BaseUrl}: connections accepted for a ({A.Port}) {Balancer.AcceptedByBackend.GetValueOrDefault(A.Port)}, " +
        $"for b ({B.Port}) {Balancer.AcceptedByBackend.GetValueOrDefault(B.Port)}; open now: a {Balancer.OpenConnections(A.Port)}, b {Balancer.OpenConnections(B.Port)}";

    /// <summary>What to print after a failure: the balancer's counts and both brokers' last lines.</summary>
    public string Diagnostics() =>
        Summary() + "\n" +
        $"[broker a] {(A.IsRunning ? "running" : "not running")}, {A.LogFile}, last lines:\n{A.LogTail()}\n" +
        $"[broker b] {(B.IsRunning ? "running" : "not running")}, {B.LogFile}, last lines:\n{B.LogTail()}";

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Balancer.DisposeAsync();
        }
        finally
        {
            try
            {
                await A.DisposeAsync();
                await B.DisposeAsync();
            }
            finally
            {
                await Redis.DisposeAsync();
            }
        }
    }
}
