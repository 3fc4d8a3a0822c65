using System.Threading.Tasks.Sources;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// A connection's outbound queue: a bounded data lane for MESSAGE deliveries and a control lane for
/// CONNECTED, RECEIPT, ERROR and heart-beats, which the writer always drains first so they never wait
/// behind a flood (MQTTnet <c>MqttPacketBus</c>). Slow consumers (docs/protocol.md §2): past <c>OutboundQueueFrames</c> or
/// <c>OutboundQueueBytes</c> (the hard caps) a delivery is refused and the caller drops the connection at once; and
/// once the oldest frame waiting here, or in the write under way, is older than <c>SlowConsumerTimeout</c>
/// (<see cref="IsStalled"/>) deliveries are refused too, and the heart-beat monitor drops a connection that gets none.
/// </summary>
/// <remarks>
/// Many producers (any publishing thread), one consumer (the connection's write loop). Both lanes are plain
/// queues under one short lock: they start empty and grow only as far as a burst needs, so an idle
/// connection holds a few dozen bytes here (a <c>ConcurrentQueue</c> starts at 32 slots, about 1.5 KB per
/// lane, which showed up in the idle-connection heap: see docs/PERFORMANCE.md). The one waiting writer is
/// woken through a reusable <see cref="IValueTaskSource{T}"/>, so waking it allocates nothing (a fan-out
/// wakes one writer per subscriber per message). Each queued item carries its enqueue timestamp
/// (<see cref="QueuedFrame"/>, one <see cref="TimeProvider.GetTimestamp"/> per item, no allocation); the writer's
/// items stay counted as waiting until <see cref="Written"/> says their bytes left, so a client that stopped reading
/// with a write blocked on a full socket is stalled even when nothing more is queued.
/// </remarks>
internal sealed class Outbox : IValueTaskSource<bool>
{
    /// <summary>A lane grown past this many slots is given back when it empties, so one burst is not kept for good.</summary>
    private const int TrimAbove = 256;

    private readonly Lock _gate = new();
    private readonly Queue<QueuedFrame> _control = new();
    private readonly Queue<QueuedFrame> _data = new();
    private readonly int _maxFrames;
    private readonly int _maxBytes;
    private readonly TimeProvider _time;
    private readonly long _stallTicks;
    private ManualResetValueTaskSourceCore<bool> _signal = new() { RunContinuationsAsynchronously = true };
    private CancellationToken _registeredToken;
    private CancellationTokenRegistration _registration;
    private long _queuedBytes;
    private long _inFlightSince = long.MaxValue; // oldest enqueue time among items taken and not yet written
    private int _dataFrames;
    private int _items;
    private int _dataCapacity;
    private int _waiting;
    private volatile bool _completed;
    private volatile bool _canceled;

    /// <summary>
    /// An outbox with hard caps <paramref name="maxFrames"/> (data lane) and <paramref name="maxBytes"/> (both lanes),
    /// whose oldest item may wait <paramref name="slowConsumerTimeout"/> on <paramref name="time"/> (zero or negative: no limit).
    /// </summary>
    public Outbox(int maxFrames, int maxBytes, TimeProvider time, TimeSpan slowConsumerTimeout)
    {
        _maxFrames = maxFrames;
        _maxBytes = maxBytes;
        _time = time;
        _stallTicks = slowConsumerTimeout <= TimeSpan.Zero
            ? long.MaxValue
            : (long)Math.Min(long.MaxValue / 2.0, slowConsumerTimeout.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>Bytes queued and not yet written.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>Frames queued in the data lane.</summary>
    public int QueuedFrames => Volatile.Read(ref _dataFrames);

    /// <summary>Whether anything is queued or being written (an approximate, lock-free look).</summary>
    public bool HasPending => HasItems || Volatile.Read(ref _inFlightSince) != long.MaxValue;

    private bool HasItems => Volatile.Read(ref _items) > 0;

    /// <summary>
    /// Whether the oldest item queued or being written has waited longer than the slow-consumer timeout at the clock's
    /// timestamp <paramref name="now"/> (exactly the timeout still passes).
    /// </summary>
    public bool IsStalled(long now)
    {
        lock (_gate)
        {
            return IsStalledLocked(now);
        }
    }

    /// <summary>Queues a control item; never refused while the outbox is open.</summary>
    public bool EnqueueControl(in OutboundFrame item)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            _control.Enqueue(new QueuedFrame(item, now));
            _queuedBytes += item.Size;
            _items++;
        }

        Wake();
        return true;
    }

    /// <summary>
    /// Queues a delivery; false when a hard cap would be passed or the oldest waiting item is past the timeout (a slow
    /// consumer), or the outbox is closed.
    /// </summary>
    public bool TryEnqueueData(in OutboundFrame item)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (_completed || _dataFrames >= _maxFrames || _queuedBytes + item.Size > _maxBytes || IsStalledLocked(now))
            {
                return false;
            }

            _data.Enqueue(new QueuedFrame(item, now));
            _queuedBytes += item.Size;
            _dataFrames++;
            _items++;
            _dataCapacity = Math.Max(_dataCapacity, _dataFrames);
        }

        Wake();
        return true;
    }

    /// <summary>
    /// Takes the next item, control first, without waiting; it counts as waiting until <see cref="Written"/>.
    /// Only the writer calls this.
    /// </summary>
    public bool TryDequeue(out OutboundFrame item)
    {
        lock (_gate)
        {
            if (!_control.TryDequeue(out var entry))
            {
                if (!_data.TryDequeue(out entry))
                {
                    item = default;
                    return false;
                }

                if (--_dataFrames == 0 && _dataCapacity > TrimAbove)
                {
                    _data.TrimExcess();
                    _dataCapacity = 0;
                }
            }

            item = entry.Frame;
            _queuedBytes -= item.Size;
            _items--;
            if (entry.EnqueuedAt < _inFlightSince)
            {
                _inFlightSince = entry.EnqueuedAt;
            }

            return true;
        }
    }

    /// <summary>The items taken so far have left (their write completed). Only the writer calls this.</summary>
    public void Written()
    {
        lock (_gate)
        {
            _inFlightSince = long.MaxValue;
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

    private bool IsStalledLocked(long now)
    {
        var oldest = _inFlightSince;
        if (_control.TryPeek(out var control) && control.EnqueuedAt < oldest)
        {
            oldest = control.EnqueuedAt;
        }

        if (_data.TryPeek(out var data) && data.EnqueuedAt < oldest)
        {
            oldest = data.EnqueuedAt;
        }

        // With nothing waiting, oldest is long.MaxValue and the difference negative.
        return now - oldest > _stallTicks;
    }

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
