using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.Options;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Hosting;

/// <summary>
/// Graceful shutdown (SIGTERM, Ctrl+C): every open connection gets ERROR <c>server shutting down</c> and a
/// normal close, so clients reconnect elsewhere; the host then waits up to <c>ShutdownDrainTime</c> for the
/// connections to finish before it stops. Registered first so it stops last, after Kestrel stops accepting.
/// </summary>
public sealed class ShutdownDrain(ConnectionRegistry connections, IOptions<CustomerChatOptions> options, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<ShutdownDrain> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // ApplicationStopping fires before the server stops; tell clients then, so Kestrel's own wait is short.
        lifetime.ApplicationStopping.Register(FailAll);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        FailAll();
        var start = time.GetTimestamp();
        while (connections.Count > 0 && time.GetElapsedTime(start) < options.Value.ShutdownDrainTime && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), time, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void FailAll()
    {
        var open = connections.All;
        if (open.Count > 0)
        {
            HostingLog.Draining(logger, open.Count);
        }

        foreach (var connection in open)
        {
            connection.Fail("server shutting down");
        }
    }
}
