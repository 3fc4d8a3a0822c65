using System.Threading.RateLimiting;
using CustomerChat.Broker.Options;
using CustomerChat.Broker.Stomp;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// The send rate of the HTTP doors (docs/protocol.md §16 "HTTP doors"): the STOMP rule for one connection
/// (<c>CustomerChat:Limits:SendsPerSecondPerConnection</c>, a token bucket of twice that many, refilled by that many
/// per second) applied per caller (user id or <c>apikey:&lt;Name&gt;</c>) on this instance; past it the action is
/// refused <c>rate_limited</c> (429) before anything happens.
/// </summary>
public sealed class DoorRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly int _perSecond;

    /// <summary>Reads the limit from the broker's options.</summary>
    public DoorRateLimiter(IOptions<CustomerChatOptions> options)
    {
        _perSecond = Math.Max(1, options.Value.Limits.SendsPerSecondPerConnection);
        _limiter = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = _perSecond * 2,
            TokensPerPeriod = _perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>The <c>rate_limited</c> refusal when <paramref name="callerId"/> is over its rate, else null (and one action counted).</summary>
    public Refusal? Check(string callerId, string destination)
    {
        using var lease = _limiter.AttemptAcquire(callerId);
        return lease.IsAcquired ? null : Refusal.RateLimited(destination, $"Too many requests: the limit is {_perSecond} per second.");
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}
