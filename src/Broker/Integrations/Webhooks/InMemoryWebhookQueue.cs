using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>
/// The one-instance <see cref="IWebhookQueue"/>: first attempts go straight to the due queue, retries wait on a
/// <see cref="TimeProvider"/> timer; nothing survives a restart. The due queue is drained at once into the
/// endpoints' bounded queues, so it never grows while the dispatcher runs.
/// </summary>
public sealed class InMemoryWebhookQueue(TimeProvider time) : IWebhookQueue, IDisposable
{
    private readonly Channel<WebhookJob> _due = Channel.CreateUnbounded<WebhookJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();

    /// <inheritdoc />
    public Task EnqueueAsync(IReadOnlyList<WebhookJob> jobs, CancellationToken cancellationToken)
    {
        foreach (var job in jobs)
        {
            _due.Writer.TryWrite(job);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<WebhookJob> ReadDueAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var job in _due.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return job;
        }
    }

    /// <inheritdoc />
    public Task CompleteAsync(WebhookJob job, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task RetryAsync(WebhookJob job, WebhookJob next, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        _ = WriteLaterAsync(next, dueAt - time.GetUtcNow());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> DeferAsync(WebhookJob job, DateTimeOffset dueAt, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _due.Writer.TryComplete();
    }

    private async Task WriteLaterAsync(WebhookJob job, TimeSpan delay)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, _stopping.Token).ConfigureAwait(false);
            }

            _due.Writer.TryWrite(job);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: in memory, pending retries end with the process.
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the delay.
        }
    }
}
