using System.Buffers;
using BenchmarkDotNet.Attributes;

namespace CustomerChat.Protocol.Benchmarks;

/// <summary>
/// <see cref="StompParser.TryParseFrame"/> on one frame per call, as the broker's read loop calls it, with the
/// broker's default limits. "Split" cases hand the parser the same bytes cut into several segments, the way
/// a <c>Pipe</c> delivers a frame that arrived in pieces (4 KiB segments for the 16 KiB body).
/// </summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private readonly StompParser _parser = new();
    private ReadOnlySequence<byte> _connect;
    private ReadOnlySequence<byte> _send200;
    private ReadOnlySequence<byte> _send200Split;
    private ReadOnlySequence<byte> _message8;
    private ReadOnlySequence<byte> _send16K;
    private ReadOnlySequence<byte> _send16KSplit;

    [GlobalSetup]
    public void Setup()
    {
        _connect = new ReadOnlySequence<byte>(Frames.Connect);
        _send200 = new ReadOnlySequence<byte>(Frames.Send200);
        _send200Split = Frames.Split(Frames.Send200, 37, 61);
        _message8 = new ReadOnlySequence<byte>(Frames.Message8);
        _send16K = new ReadOnlySequence<byte>(Frames.Send16K);
        _send16KSplit = Frames.Split(Frames.Send16K, 4096, 4096, 4096, 4096);
    }

    [Benchmark]
    public StompFrame ParseConnect() => Parse(_connect);

    [Benchmark]
    public StompFrame ParseSend200() => Parse(_send200);

    [Benchmark]
    public StompFrame ParseSend200Split() => Parse(_send200Split);

    [Benchmark]
    public StompFrame ParseMessage8() => Parse(_message8);

    [Benchmark]
    public StompFrame ParseSend16K() => Parse(_send16K);

    [Benchmark]
    public StompFrame ParseSend16KSplit() => Parse(_send16KSplit);

    private StompFrame Parse(ReadOnlySequence<byte> bytes)
    {
        var buffer = bytes;
        return _parser.TryParseFrame(ref buffer, out var frame) ? frame : throw new InvalidOperationException("incomplete");
    }
}
