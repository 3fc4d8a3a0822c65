using System.Buffers;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over an <see cref="ArrayPool{T}"/> array, reset between frames and
/// returned to the pool when the connection goes idle, so an idle connection holds no write buffer.
/// With a headroom, the first <c>headroom</c> bytes of the array are kept free in front of what is written,
/// so a transport header (a WebSocket frame's, RFC 6455 §5.2) can go before the bytes without a copy.
/// </summary>
internal sealed class PooledBufferWriter(int headroom = 0) : IBufferWriter<byte>, IDisposable
{
    private readonly int _headroom = headroom;
    private byte[] _buffer = [];
    private int _written = headroom; // index in _buffer of the next byte

    /// <summary>The bytes written since the last reset, without the _headroom.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.Length == 0 ? default : _buffer.AsMemory(_headroom, _written - _headroom);

    /// <summary>How many bytes were written since the last reset.</summary>
    public int WrittenCount => _written - _headroom;

    /// <summary>
    /// The written bytes with the last <paramref name="prefixLength"/> bytes of the _headroom in front of them
    /// (at most the _headroom), for the caller to fill with a header.
    /// </summary>
    public Memory<byte> WithPrefix(int prefixLength) => _buffer.AsMemory(_headroom - prefixLength, prefixLength + _written - _headroom);

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Reset() => _written = _headroom;

    /// <summary>Gives the array back to the pool; the next write rents again.</summary>
    public void Release()
    {
        _written = _headroom;
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    public void Dispose() => Release();

    private void Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var next = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(_buffer.Length * 2, 1024)));
        if (_buffer.Length > 0)
        {
            _buffer.AsSpan(0, _written).CopyTo(next);
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = next;
    }
}
