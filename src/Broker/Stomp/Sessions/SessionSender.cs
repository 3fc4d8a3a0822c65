using System.Threading.RateLimiting;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// Where one session's SENDs go (STOMP 1.2 §"SEND"): the per-connection rate limit, the application's
/// policy, then a registered <see cref="ISendHandler"/> or, for a plain topic, a publish of the body and
/// headers untouched. Topic publishes without a receipt are pipelined to the backplane.
/// Used on the read loop; a pipelined publish completes on any thread.
/// </summary>
internal sealed class SessionSender(StompSession session)
{
    /// <summary>Publishes one connection may have on their way before a SEND waits for the backplane again.</summary>
    private const int MaxPendingPublishes = 1024;

    private TokenBucketRateLimiter? _limiter;
    private int _refusedInARow;
    private int _pendingPublishes;

    private StompServices Services => session.Services;

    /// <summary>Routes a SEND; null when done (the caller sends the RECEIPT), else the refusal.</summary>
    public async ValueTask<Refusal?> SendAsync(string destination, StompFrame frame)
    {
        var refusal = await RouteAsync(destination, frame).ConfigureAwait(false);
        if (refusal is null)
        {
            _refusedInARow = 0;
        }

        return refusal;
    }

    private async ValueTask<Refusal?> RouteAsync(string destination, StompFrame frame)
    {
        var limiter = _limiter ??= CreateLimiter();
        using var lease = limiter.AttemptAcquire();
        var perSecond = Services.Options.Limits.SendsPerSecondPerConnection;
        if (!lease.IsAcquired)
        {
            if (++_refusedInARow > perSecond * 5)
            {
                throw new StompProtocolException("Rate limit exceeded: too many SEND frames.");
            }

            return Refusal.RateLimited(destination, $"Too many messages: the limit is {perSecond} per second.");
        }

        var table = Services.Destinations;
        if (table.Policy.CheckSend(session.User!, destination) is { } refusal)
        {
            return refusal;
        }

        try
        {
            if (table.FindSendHandler(destination) is { } handler)
            {
                var handled = await handler.HandleAsync(session, frame).ConfigureAwait(false);
                if (handled is null)
                {
                    Services.Metrics.RoutedToHandler();
                }

                return handled;
            }

            if (!table.IsTopic(destination))
            {
                return Refusal.NotFound(destination, "Unknown destination.");
            }

            var message = new BrokerMessage(destination, MessageIds.NextTopicId(), frame[StompHeaderNames.ContentType], frame.Body, PassThroughHeaders(frame));
            var publish = Services.Backplane.PublishAsync(destination, message);
            Services.Metrics.RoutedToTopic();
            if (!publish.IsCompleted && frame[StompHeaderNames.Receipt] is null && Volatile.Read(ref _pendingPublishes) < MaxPendingPublishes)
            {
                // Pipelined (the Redis backplane): the next frame is read while this publish is on its way, instead of
                // one Redis round trip per SEND per connection. Order holds, as the backplane issues publishes in call
                // order; a failure still reaches the error queue, only later. A SEND with a receipt waits, so its
                // RECEIPT still means "published".
                Interlocked.Increment(ref _pendingPublishes);
                _ = ObservePublishAsync(publish, destination);
                return null;
            }

            await publish.ConfigureAwait(false);
            return null;
        }
        catch (BackplaneUnavailableException ex)
        {
            SessionLog.StoreUnavailable(Services.SessionLogger, session.Id, ex.Message);
            return NotStored(destination);
        }
    }

    /// <summary>Releases the rate limiter's timer.</summary>
    public void Dispose() => _limiter?.Dispose();

    private async Task ObservePublishAsync(Task publish, string destination)
    {
        try
        {
            await publish.ConfigureAwait(false);
        }
        catch (BackplaneUnavailableException ex)
        {
            SessionLog.StoreUnavailable(Services.SessionLogger, session.Id, ex.Message);
            session.Refuse(NotStored(destination), receipt: null);
        }
        finally
        {
            Interlocked.Decrement(ref _pendingPublishes);
        }
    }

    private static Refusal NotStored(string destination) => Refusal.Unavailable(destination, "The message could not be stored; try again.");

    private TokenBucketRateLimiter CreateLimiter()
    {
        var perSecond = Math.Max(1, Services.Options.Limits.SendsPerSecondPerConnection);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond * 2,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>
    /// The SEND's own headers a topic MESSAGE carries: all but the transport ones, first occurrence only.
    /// Allocates nothing when there are none (the common case); headers are few, so repeats are found by a
    /// linear look at what was kept.
    /// </summary>
    private static List<KeyValuePair<string, string>>? PassThroughHeaders(StompFrame frame)
    {
        List<KeyValuePair<string, string>>? extra = null;
        foreach (var header in frame.Headers)
        {
            if (header.Key is StompHeaderNames.Destination or StompHeaderNames.ContentType or StompHeaderNames.ContentLength
                or StompHeaderNames.Receipt or StompHeaderNames.Transaction or StompHeaderNames.MessageId
                or StompHeaderNames.Subscription or StompHeaderNames.Ack || (extra is not null && Contains(extra, header.Key)))
            {
                continue;
            }

            (extra ??= []).Add(header);
        }

        return extra;

        static bool Contains(List<KeyValuePair<string, string>> kept, string name)
        {
            foreach (var (key, _) in kept)
            {
                if (string.Equals(key, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
