using CustomerChat.Broker.Observability;
using CustomerChat.Broker.Options;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// One timer for all connections rather than one per connection (an idle connection should cost no
/// timer): every tick it sends due heart-beats (STOMP 1.2 §"Heart-beating"), drops clients silent past
/// the agreed interval plus grace, drops slow consumers whose oldest queued frame waited past
/// <c>SlowConsumerTimeout</c> (docs/protocol.md §2; a client that stopped reading gets no more deliveries to find it
/// by, so the time rule is checked here too), ends sessions whose token expired (ERROR <c>token expired</c>, docs/protocol.md §9),
/// and closes connections that never sent CONNECT within <c>ConnectTimeout</c>.
/// </summary>
public sealed class HeartbeatMonitor(ConnectionRegistry connections, IOptions<CustomerChatOptions> options, TimeProvider time, ILogger<HeartbeatMonitor> logger, BrokerMetrics metrics) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var now = time.GetTimestamp();
            var utcNow = time.GetUtcNow();
            foreach (var connection in connections.Live)
            {
                try
                {
                    Check(connection, now, utcNow);
                }
                catch (Exception ex)
                {
                    // One connection's fault must not stop the monitor (and with it the host).
                    ConnectionLog.UnexpectedError(logger, connection.Context.ConnectionId, ex);
                }
            }
        }
    }

    private void Check(StompConnection connection, long now, DateTimeOffset utcNow)
    {
        if (connection.IsClosing)
        {
            return;
        }

        var session = connection.Session;
        if (connection.Outbox.IsStalled(now))
        {
            session.DropSlowConsumer();
            return;
        }

        if (session.User is not { } user)
        {
            if (time.GetElapsedTime(connection.OpenedAt, now) > options.Value.Limits.ConnectTimeout)
            {
                ConnectionLog.Dropped(logger, connection.Context.ConnectionId, "no CONNECT in time");
                connection.Fail("CONNECT timeout: no CONNECT frame after the WebSocket upgrade.");
            }

            return;
        }

        if (user.ExpiresAt <= utcNow)
        {
            ConnectionLog.Dropped(logger, connection.Context.ConnectionId, "token expired");
            metrics.AuthFailed("token_expired");
            connection.Fail("token expired");
            return;
        }

        var receive = session.HeartbeatReceive;
        if (receive > TimeSpan.Zero && time.GetElapsedTime(connection.LastReadTicks, now) > receive + options.Value.Heartbeat.Grace)
        {
            ConnectionLog.Dropped(logger, connection.Context.ConnectionId, "heart-beat timeout");
            connection.Fail("heart-beat timeout: nothing received from the client within the agreed interval");
            return;
        }

        var send = session.HeartbeatSend;
        // Nothing to add while frames wait: they prove liveness once written, and a stalled writer would only pile up EOLs.
        if (send > TimeSpan.Zero && !connection.Outbox.HasPending && time.GetElapsedTime(connection.LastWriteTicks, now) >= send - Tick)
        {
            connection.SendHeartbeat();
        }
    }
}
