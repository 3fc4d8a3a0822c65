namespace CustomerChat.LoadGen;

internal sealed class InProcessWorker : IWorkerHandle
{
    private readonly Worker _worker;
    private readonly TaskCompletionSource _go = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationToken _token;

    public InProcessWorker(LoadGenOptions o, CancellationToken token)
    {
        _worker = new Worker(o, 0, 1);
        _token = token;
        Ready = SetupAsync();
        Result = RunAsync();
    }

    public Task Ready { get; }

    public Task<WorkerResult> Result { get; }

    public void Go() => _go.TrySetResult();

    public ValueTask DisposeAsync() => _worker.DisposeAsync();

    private async Task SetupAsync()
    {
        try
        {
            await _worker.SetupAsync(_token);
        }
        catch (Exception ex)
        {
            _worker.Stats.Error("setup: " + ex.Message);
        }
    }

    private async Task<WorkerResult> RunAsync()
    {
        await _go.Task;
        return await _worker.RunAsync(_token);
    }
}
