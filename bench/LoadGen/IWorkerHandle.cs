namespace CustomerChat.LoadGen;

internal interface IWorkerHandle : IAsyncDisposable
{
    Task Ready { get; }

    Task<WorkerResult> Result { get; }

    void Go();
}
