namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Async mutual exclusion per key through a fixed set of semaphores chosen by hash: messages and state
/// changes of one conversation are stored and published one at a time, so every party sees them in id
/// order; unrelated conversations rarely share a stripe. Nothing to clean up as conversations come and go.
/// </summary>
public sealed class StripedLock
{
    private readonly SemaphoreSlim[] _stripes;

    /// <summary>Creates <paramref name="stripes"/> semaphores.</summary>
    public StripedLock(int stripes = 64)
    {
        _stripes = new SemaphoreSlim[stripes];
        for (var i = 0; i < stripes; i++)
        {
            _stripes[i] = new SemaphoreSlim(1, 1);
        }
    }

    /// <summary>Waits for the key's stripe; dispose the result to release it.</summary>
    public async ValueTask<Releaser> AcquireAsync(string key)
    {
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length)];
        await stripe.WaitAsync().ConfigureAwait(false);
        return new Releaser(stripe);
    }

    /// <summary>Releases a stripe on dispose.</summary>
    public readonly struct Releaser(SemaphoreSlim stripe) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => stripe.Release();
    }
}
