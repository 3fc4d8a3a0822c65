using System.Threading.Channels;

namespace CustomerChat.Broker.Connections;

/// <summary>
/// A connection's outbound queue: a bounded data lane for MESSAGE deliveries and a control lane for
/// CONNECTED, RECEIPT, ERROR and heart-beats, which the writer always drains first so they never wait
/// behind a flood (MQTTnet <c>MqttPacketBus</c>). Past <c>OutboundQueueFrames</c> or
/// <c>OutboundQueueBytes</c> a delivery is refused and the caller drops the connection as a slow consumer.
/// </summary>
internal sealed class Outbox
{
    // Not SingleReader: the single-reader unbounded channel cannot report Count, which WaitAsync needs.
    private readonly Channel<OutboundFrame> _control = Channel.CreateUnbounded<OutboundFrame>();
    private readonly Channel<OutboundFrame> _data;
    private readonly int _maxBytes;
    private long _queuedBytes;

    public Outbox(int maxFrames, int maxBytes)
    {
        _maxBytes = maxBytes;
        _data = Channel.CreateBounded<OutboundFrame>(new BoundedChannelOptions(maxFrames)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Bytes queued and not yet written.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>Frames queued in the data lane.</summary>
    public int QueuedFrames => _data.Reader.Count;

    /// <summary>Queues a control item; never refused while the outbox is open.</summary>
    public bool EnqueueControl(in OutboundFrame item)
    {
        if (!_control.Writer.TryWrite(item))
        {
            return false;
        }

        Interlocked.Add(ref _queuedBytes, item.Size);
        return true;
    }

    /// <summary>Queues a delivery; false when a limit would be passed (a slow consumer) or the outbox is closed.</summary>
    public bool TryEnqueueData(in OutboundFrame item)
    {
        if (Interlocked.Add(ref _queuedBytes, item.Size) > _maxBytes || !_data.Writer.TryWrite(item))
        {
            Interlocked.Add(ref _queuedBytes, -item.Size);
            return false;
        }

        return true;
    }

    /// <summary>Takes the next item, control first, without waiting.</summary>
    public bool TryDequeue(out OutboundFrame item)
    {
        if (_control.Reader.TryRead(out item) || _data.Reader.TryRead(out item))
        {
            Interlocked.Add(ref _queuedBytes, -item.Size);
            return true;
        }

        return false;
    }

    /// <summary>Waits until an item is available; false once both lanes are completed and empty.</summary>
    public async ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        var control = _control.Reader.WaitToReadAsync(cancellationToken);
        if (control.IsCompleted)
        {
            return await control.ConfigureAwait(false) || _data.Reader.Count > 0;
        }

        var data = _data.Reader.WaitToReadAsync(cancellationToken);
        if (data.IsCompleted)
        {
            return await data.ConfigureAwait(false) || await control.ConfigureAwait(false);
        }

        var first = await Task.WhenAny(control.AsTask(), data.AsTask()).ConfigureAwait(false);
        return await first.ConfigureAwait(false) || _control.Reader.Count > 0 || _data.Reader.Count > 0;
    }

    /// <summary>Refuses further items; what is queued can still be drained.</summary>
    public void Complete()
    {
        _control.Writer.TryComplete();
        _data.Writer.TryComplete();
    }
}
