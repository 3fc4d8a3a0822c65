using System.Buffers;
using BenchmarkDotNet.Attributes;

namespace CustomerChat.Protocol.Benchmarks;

/// <summary>
/// <see cref="StompWriter"/> into a reused <see cref="ArrayBufferWriter{T}"/> (the broker reuses a pooled
/// buffer per connection the same way). <c>WriteMessage8FromTail</c> is the broker's per-subscriber path:
/// the shared part of a MESSAGE is encoded once per publish (<c>EncodeMessageTail</c>), and each delivery
/// writes only the command, <c>subscription</c> and <c>ack</c> before copying it.
/// </summary>
[MemoryDiagnoser]
public class WriteBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly StompParser _parser = new();
    private StompFrame _connect = null!;
    private StompFrame _send200 = null!;
    private StompFrame _message8 = null!;
    private StompFrame _send16K = null!;
    private StompHeaders _tailHeaders = null!;
    private byte[] _tail = [];

    [GlobalSetup]
    public void Setup()
    {
        _connect = Parse(Frames.Connect);
        _send200 = Parse(Frames.Send200);
        _message8 = Parse(Frames.Message8);
        _send16K = Parse(Frames.Send16K);

        // The shared part of the MESSAGE: its headers other than subscription and ack.
        _tailHeaders = new StompHeaders();
        foreach (var (name, value) in _message8.Headers)
        {
            if (name is not (StompHeaderNames.Subscription or StompHeaderNames.Ack or StompHeaderNames.ContentLength))
            {
                _tailHeaders.Add(name, value);
            }
        }

        _tail = StompWriter.EncodeMessageTail(_tailHeaders, _message8.Body.Span, StompVersion.V1_2);
    }

    [Benchmark]
    public int WriteConnect() => Write(_connect);

    [Benchmark]
    public int WriteSend200() => Write(_send200);

    [Benchmark]
    public int WriteMessage8() => Write(_message8);

    [Benchmark]
    public int WriteMessage8FromTail()
    {
        _output.ResetWrittenCount();
        StompWriter.WriteMessage(_output, "sub-0", "ack-17", _tail, StompVersion.V1_2);
        return _output.WrittenCount;
    }

    [Benchmark]
    public byte[] EncodeMessageTail() => StompWriter.EncodeMessageTail(_tailHeaders, _message8.Body.Span, StompVersion.V1_2);

    [Benchmark]
    public int WriteSend16K() => Write(_send16K);

    private int Write(StompFrame frame)
    {
        _output.ResetWrittenCount();
        StompWriter.WriteFrame(_output, frame, StompVersion.V1_2);
        return _output.WrittenCount;
    }

    private StompFrame Parse(byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        return _parser.TryParseFrame(ref buffer, out var frame) ? frame : throw new InvalidOperationException("incomplete");
    }
}
