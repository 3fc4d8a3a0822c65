using System.Threading.Channels;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>
/// One endpoint's bounded queue of attempts on this instance and its own workers, so a slow or dead endpoint only
/// ever fills its own queue (docs/protocol.md §16 "Delivery").
/// </summary>
internal sealed class WebhookLane
{
    private readonly Channel<WebhookJob> _queue;
    private readonly Task[] _workers;

    /// <summary>Starts <paramref name="workers"/> workers running <paramref name="attempt"/> until <paramref name="stopping"/>.</summary>
    public WebhookLane(int capacity, int workers, Func<WebhookJob, CancellationToken, Task> attempt, CancellationToken stopping)
    {
        _queue = Channel.CreateBounded<WebhookJob>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait });
        _workers = new Task[workers];
        for (var i = 0; i < workers; i++)
        {
            _workers[i] = Task.Run(() => RunAsync(attempt, stopping), CancellationToken.None);
        }
    }

    /// <summary>Queues an attempt; false when the queue is full.</summary>
    public bool TryOffer(WebhookJob job) => _queue.Writer.TryWrite(job);

    /// <summary>Completes when every worker has stopped.</summary>
    public Task Completion => Task.WhenAll(_workers);

    private async Task RunAsync(Func<WebhookJob, CancellationToken, Task> attempt, CancellationToken stopping)
    {
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                await attempt(job, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The broker stops; unfinished attempts stay in the store (Redis) or end with the process (memory).
        }
    }
}
