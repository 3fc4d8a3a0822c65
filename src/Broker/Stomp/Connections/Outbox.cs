using System.Threading.Tasks.Sources;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// A connection's outbound queue: a bounded data lane for MESSAGE deliveries and a control lane for
/// CONNECTED, RECEIPT, ERROR and heart-beats, which the writer always drains first so they never wait
/// behind a flood (MQTTnet <c>MqttPacketBus</c>). Past <c>OutboundQueueFrames</c> or
/// <c>OutboundQueueBytes</c> a delivery is refused and the caller drops the connection as a slow consumer.
/// </summary>
/// <remarks>
/// Many producers (any publishing thread), one consumer (the connection's write loop). Both lanes are plain
/// queues under one short lock: they start empty and grow only as far as a burst needs, so an idle
/// connection holds a few dozen bytes here (a <c>ConcurrentQueue</c> starts at 32 slots, about 1.5 KB per
/// lane, which showed up in the idle-connection heap: see docs/PERFORMANCE.md). The one waiting writer is
/// woken through a reusable <see cref="IValueTaskSource{T}"/>, so waking it allocates nothing (a fan-out
/// wakes one writer per subscriber per message).
/// </remarks>
internal sealed class Outbox : IValueTaskSource<bool>
{
    /// <summary>A lane grown past this many slots is given back when it empties, so one burst is not kept for good.</summary>
    private const int TrimAbove = 256;

    private readonly Lock _gate = new();
    private readonly Queue<OutboundFrame> _control = new();
    private readonly Queue<OutboundFrame> _data = new();
    private readonly int _maxFrames;
    private readonly int _maxBytes;
    private ManualResetValueTaskSourceCore<bool> _signal = new() { RunContinuationsAsynchronously = true };
    private CancellationToken _registeredToken;
    private CancellationTokenRegistration _registration;
    private long _queuedBytes;
    private int _dataFrames;
    private int _items;
    private int _dataCapacity;
    private int _waiting;
    private volatile bool _completed;
    private volatile bool _canceled;

    public Outbox(int maxFrames, int maxBytes)
    {
        _maxFrames = maxFrames;
        _maxBytes = maxBytes;
    }

    /// <summary>Bytes queued and not yet written.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>Frames queued in the data lane.</summary>
    public int QueuedFrames => Volatile.Read(ref _dataFrames);

    private bool HasItems => Volatile.Read(ref _items) > 0;

    /// <summary>Queues a control item; never refused while the outbox is open.</summary>
    public bool EnqueueControl(in OutboundFrame item)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            _control.Enqueue(item);
            _queuedBytes += item.Size;
            _items++;
        }

        Wake();
        return true;
    }

    /// <summary>Queues a delivery; false when a limit would be passed (a slow consumer) or the outbox is closed.</summary>
    public bool TryEnqueueData(in OutboundFrame item)
    {
        lock (_gate)
        {
            if (_completed || _dataFrames >= _maxFrames || _queuedBytes + item.Size > _maxBytes)
            {
                return false;
            }

            _data.Enqueue(item);
            _queuedBytes += item.Size;
            _dataFrames++;
            _items++;
            _dataCapacity = Math.Max(_dataCapacity, _dataFrames);
        }

        Wake();
        return true;
    }

    /// <summary>Takes the next item, control first, without waiting. Only the writer calls this.</summary>
    public bool TryDequeue(out OutboundFrame item)
    {
        lock (_gate)
        {
            if (!_control.TryDequeue(out item))
            {
                if (!_data.TryDequeue(out item))
                {
                    return false;
                }

                if (--_dataFrames == 0 && _dataCapacity > TrimAbove)
                {
                    _data.TrimExcess();
                    _dataCapacity = 0;
                }
            }

            _queuedBytes -= item.Size;
            _items--;
            return true;
        }
    }

    /// <summary>
    /// Waits until an item is available; false once the outbox is completed and empty. Only the writer calls
    /// this, never twice at once. Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken != _registeredToken && cancellationToken.CanBeCanceled)
        {
            // One registration per token (the connection passes the same one every time), not one per wait.
            _registration.Dispose();
            _registeredToken = cancellationToken;
            _registration = cancellationToken.UnsafeRegister(static state => ((Outbox)state!).OnCanceled(), this);
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (HasItems)
            {
                return true;
            }

            if (_completed)
            {
                return HasItems;
            }

            // Park: announce the wait, then look again, so an item queued in between is never missed.
            _signal.Reset();
            Interlocked.Exchange(ref _waiting, 1);
            if (HasItems || _completed || _canceled)
            {
                if (Interlocked.Exchange(ref _waiting, 0) == 1)
                {
                    continue; // nobody will signal: no need to wait
                }

                // A producer took the flag and signals (or has signalled): consume that signal below.
            }

            await new ValueTask<bool>(this, _signal.Version).ConfigureAwait(false);
        }
    }

    /// <summary>Refuses further items; what is queued can still be drained.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
        }

        Wake();
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _signal.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _signal.OnCompleted(continuation, state, token, flags);

    private void OnCanceled()
    {
        _canceled = true;
        Wake();
    }

    private void Wake()
    {
        // A full fence between queueing (above, under the lock) and reading the flag: the writer sets the flag and
        // then looks at the queue, so one of the two always sees the other.
        if (Interlocked.Exchange(ref _waiting, 0) == 1)
        {
            _signal.SetResult(true);
        }
    }
}
