using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CustomerChat.Protocol.Tests.Support;
using Xunit.Abstractions;

namespace CustomerChat.Protocol.Tests.Fuzz;

/// <summary>
/// Fuzzes <see cref="StompParser"/> (issue 7): random bytes, and frames from a seed corpus mutated byte by byte,
/// fed the way the broker's read loop feeds it (in chunks, as a multi-segment sequence, keeping the unconsumed
/// rest). Whatever the input, the parser either returns frames or throws <see cref="StompProtocolException"/>,
/// never another exception, and it never holds more than its limits allow: a frame it returns fits
/// <c>MaxFrameBytes</c> and <c>MaxHeaders</c>, and what it leaves waiting for more is under <c>MaxFrameBytes</c>.
/// Each test runs for a time budget: <c>CUSTOMERCHAT_FUZZ_SECONDS</c> (default 5 s each, 10 s for the class in
/// ./test.sh); set it higher to fuzz longer by hand. <c>CUSTOMERCHAT_FUZZ_SEED</c> fixes the seed; a failure names
/// the case seed, which replays that one input.
/// </summary>
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    private static readonly StompVersion[] Versions = [StompVersion.V1_0, StompVersion.V1_1, StompVersion.V1_2];

    private static readonly byte[] Interesting = "\n\r\0:\\ncrt-9aZ\u00ff"u8.ToArray();

    private static readonly string[] Corpus =
    [
        "CONNECT\naccept-version:1.0,1.1,1.2\nhost:localhost\nlogin:x\npasscode:y\nheart-beat:10000,10000\n\n\0",
        "STOMP\r\naccept-version:1.2\r\nhost:h\r\n\r\n\0",
        "SEND\ndestination:/topic/a\ncontent-type:text/plain\n\nhello\0",
        "SEND\ndestination:/chat/message\ncontent-type:application/json\ncontent-length:20\nreceipt:r-1\n\n{\"message\":\"hi\0there\"}\0",
        "SEND\ndestination:/topic/x\nx-h:a\\nb\\cc\\\\d\\r\n\nbody\0\n\n",
        "SUBSCRIBE\ndestination:/user/queue/messages\nid:1\nack:client-individual\nprefetch-count:10\nx-since:1700000000000-0\n\n\0",
        "UNSUBSCRIBE\nid:1\n\n\0",
        "ACK\nid:ack-1\ntransaction:t1\n\n\0NACK\nid:ack-2\n\n\0",
        "BEGIN\ntransaction:t1\n\n\0COMMIT\ntransaction:t1\n\n\0ABORT\ntransaction:t2\n\n\0",
        "DISCONNECT\nreceipt:bye\n\n\0",
        "\n\r\n\nSEND\ndestination:/topic/a\ncontent-length:0\n\n\0\r\n",
        "MESSAGE\nsubscription:1\nmessage-id:1-0\ndestination:/topic/a\n\nx\0",
        "SEND\ndestination:/topic/a\ndestination:/topic/b\ncontent-length:3\n\n\0\0\0\0",
    ];

    [Fact]
    public void RandomBytesGiveFramesOrStompProtocolExceptionAndStayWithinTheLimits() =>
        Fuzz(nameof(RandomBytesGiveFramesOrStompProtocolExceptionAndStayWithinTheLimits), saltOffset: 1, RandomInput);

    [Fact]
    public void MutatedFramesGiveFramesOrStompProtocolExceptionAndStayWithinTheLimits() =>
        Fuzz(nameof(MutatedFramesGiveFramesOrStompProtocolExceptionAndStayWithinTheLimits), saltOffset: 2, MutatedInput);

    [Fact]
    public void TheInvariantCheckCatchesAParserThatWouldBufferPastTheLimit()
    {
        // The harness itself: a frame far over MaxFrameBytes with no NUL must be refused, not buffered.
        var options = new StompParserOptions { MaxFrameBytes = 256, MaxHeaders = 4, MaxHeaderLineBytes = 64 };
        var input = Encoding.ASCII.GetBytes("SEND\ndestination:/a\n\n" + new string('x', 10_000));
        var outcome = Run(input, options, StompVersion.V1_2, new Random(1));
        Assert.Equal(Outcome.ProtocolError, outcome);
    }

    private void Fuzz(string name, int saltOffset, Func<Random, byte[]> generate)
    {
        var budget = TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("CUSTOMERCHAT_FUZZ_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 5);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CUSTOMERCHAT_FUZZ_SEED"), out var fixedSeed) ? fixedSeed : Environment.TickCount;
        var master = new Random(seed + saltOffset);
        var clock = Stopwatch.StartNew();
        int cases = 0, frames = 0, errors = 0;
        const int MaxCases = 5_000_000;
        while (clock.Elapsed < budget && cases < MaxCases)
        {
            var caseSeed = master.Next();
            var random = new Random(caseSeed);
            var input = generate(random);
            var options = Options(random);
            var version = Versions[random.Next(Versions.Length)];
            Outcome outcome;
            try
            {
                outcome = Run(input, options, version, random);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException(
                    $"{name}: case seed {caseSeed} (master seed {seed}): {ex.GetType().Name}: {ex.Message}\ninput (base64): {Convert.ToBase64String(input)}\n{ex}");
            }

            cases++;
            frames += outcome == Outcome.Frames ? 1 : 0;
            errors += outcome == Outcome.ProtocolError ? 1 : 0;
        }

        output.WriteLine($"{name}: seed {seed}, {cases} inputs in {clock.Elapsed.TotalSeconds:0.0} s: {frames} parsed to the end, {errors} protocol errors, {cases - frames - errors} incomplete");
        Assert.True(cases > 100, "The fuzzer ran too few cases to mean anything.");
        Assert.True(errors > 0 && frames > 0, "The inputs should produce both frames and protocol errors.");
    }

    private enum Outcome { Frames, ProtocolError, Incomplete }

    /// <summary>Feeds <paramref name="input"/> in random chunks like a read loop, checking every invariant.</summary>
    private static Outcome Run(byte[] input, StompParserOptions options, StompVersion version, Random random)
    {
        var parser = new StompParser(options) { Version = version };
        var pending = ReadOnlySequence<byte>.Empty;
        var offset = 0;
        try
        {
            while (offset < input.Length)
            {
                var size = Math.Min(input.Length - offset, random.Next(4) == 0 ? random.Next(1, 8) : random.Next(1, 4096));
                pending = Sequences.Append(pending, input.AsMemory(offset, size).ToArray());
                offset += size;
                while (true)
                {
                    var before = pending;
                    if (!parser.TryParseFrame(ref pending, out var frame))
                    {
                        // Waiting for more: never more than one frame's worth held.
                        Assert.True(pending.Length < options.MaxFrameBytes, $"{pending.Length} bytes held waiting, MaxFrameBytes is {options.MaxFrameBytes}");
                        break;
                    }

                    Assert.NotNull(frame);
                    Assert.NotEqual(StompCommand.None, frame.Command);
                    Assert.True(frame.Headers.Count <= options.MaxHeaders, $"{frame.Headers.Count} headers, MaxHeaders is {options.MaxHeaders}");
                    Assert.True(frame.Body.Length < options.MaxFrameBytes, $"a body of {frame.Body.Length} bytes, MaxFrameBytes is {options.MaxFrameBytes}");
                    var consumed = before.Length - pending.Length;
                    Assert.True(consumed > 0, "a frame was returned without consuming input");
                    Assert.True(consumed <= options.MaxFrameBytes + LeadingEols(before), $"a frame of {consumed} bytes, MaxFrameBytes is {options.MaxFrameBytes}");
                }
            }
        }
        catch (StompProtocolException ex)
        {
            Assert.False(string.IsNullOrEmpty(ex.Message));
            return Outcome.ProtocolError;
        }

        return pending.IsEmpty ? Outcome.Frames : Outcome.Incomplete;
    }

    private static long LeadingEols(ReadOnlySequence<byte> buffer)
    {
        long count = 0;
        foreach (var segment in buffer)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)'\n' or (byte)'\r'))
                {
                    return count;
                }

                count++;
            }
        }

        return count;
    }

    private static StompParserOptions Options(Random random) => random.Next(3) == 0
        ? StompParserOptions.Default
        : new StompParserOptions
        {
            MaxFrameBytes = random.Next(16, 4096),
            MaxHeaders = random.Next(1, 16),
            MaxHeaderLineBytes = random.Next(4, 512),
        };

    private static byte[] RandomInput(Random random)
    {
        var bytes = new byte[random.Next(0, 3000)];
        random.NextBytes(bytes);
        if (random.Next(2) == 0)
        {
            // Bias towards the bytes the grammar cares about, and sometimes a real command line first.
            for (var i = 0; i < bytes.Length; i++)
            {
                if (random.Next(3) == 0)
                {
                    bytes[i] = Interesting[random.Next(Interesting.Length)];
                }
            }
        }

        if (random.Next(3) == 0)
        {
            var command = Encoding.ASCII.GetBytes(StompCommands.GetName((StompCommand)random.Next(1, 16)) + "\n");
            return [.. command, .. bytes];
        }

        return bytes;
    }

    private static byte[] MutatedInput(Random random)
    {
        var input = new List<byte>();
        var parts = random.Next(1, 4);
        for (var p = 0; p < parts; p++)
        {
            if (random.Next(3) == 0)
            {
                var version = Versions[random.Next(Versions.Length)];
                var buffer = new ArrayBufferWriter<byte>();
                StompWriter.WriteFrame(buffer, RandomFrames.Next(random, version, maxBody: 300), version);
                input.AddRange(buffer.WrittenSpan.ToArray());
            }
            else
            {
                input.AddRange(Encoding.UTF8.GetBytes(Corpus[random.Next(Corpus.Length)]));
            }
        }

        var mutations = random.Next(0, 6);
        for (var m = 0; m < mutations && input.Count > 0; m++)
        {
            var at = random.Next(input.Count);
            switch (random.Next(9))
            {
                case 0: // flip a bit
                    input[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1: // insert a byte the grammar cares about
                    input.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2: // delete a run
                    input.RemoveRange(at, Math.Min(input.Count - at, random.Next(1, 16)));
                    break;
                case 3: // duplicate a run
                    var run = input.GetRange(at, Math.Min(input.Count - at, random.Next(1, 64)));
                    input.InsertRange(random.Next(input.Count), run);
                    break;
                case 4: // truncate
                    input.RemoveRange(at, input.Count - at);
                    break;
                case 5: // a long run of one byte (a header line or body without end)
                    input.InsertRange(at, Enumerable.Repeat(random.Next(2) == 0 ? (byte)'x' : Interesting[random.Next(Interesting.Length)], random.Next(1, 10_000)));
                    break;
                case 6: // a content-length that lies
                    var header = Encoding.ASCII.GetBytes("content-length:" + LyingLength(random) + "\n");
                    var lineStart = input.IndexOf((byte)'\n', at);
                    input.InsertRange(lineStart < 0 ? at : lineStart + 1, header);
                    break;
                case 7: // many headers
                    var headers = string.Concat(Enumerable.Range(0, random.Next(1, 100)).Select(i => $"h{i}:v\n"));
                    var afterCommand = input.IndexOf((byte)'\n');
                    input.InsertRange(afterCommand < 0 ? 0 : afterCommand + 1, Encoding.ASCII.GetBytes(headers));
                    break;
                default: // a random byte
                    input[at] = (byte)random.Next(256);
                    break;
            }
        }

        return [.. input];
    }

    private static string LyingLength(Random random) => random.Next(6) switch
    {
        0 => "-1",
        1 => "99999999999999999999",
        2 => int.MaxValue.ToString(CultureInfo.InvariantCulture),
        3 => " 5",
        4 => "0x10",
        _ => random.Next(0, 100_000).ToString(CultureInfo.InvariantCulture),
    };
}
