using System.Buffers;
using CustomerChat.Protocol.Tests.Support;
using static CustomerChat.Protocol.Tests.Support.Wire;

namespace CustomerChat.Protocol.Tests;

/// <summary>
/// Randomized write-then-parse round trips per version. Each test has a fixed seed, so a failure
/// reproduces; the seed and frame index are in the assertion message.
/// </summary>
public sealed class RoundTripTests
{
    public static TheoryData<StompVersion> Versions => [StompVersion.V1_0, StompVersion.V1_1, StompVersion.V1_2];

    [Theory]
    [MemberData(nameof(Versions))]
    public void RandomFramesSurviveWriteThenParse(StompVersion version)
    {
        const int seed = 20240612;
        var random = new Random(seed + (int)version);
        for (var i = 0; i < 400; i++)
        {
            var frame = RandomFrames.Next(random, version, maxBody: i % 50 == 0 ? 5000 : 200);
            var bytes = Write(frame, version);

            var parsed = ParseSingleWithContext(bytes, version, $"seed {seed}, version {version}, frame {i}");

            AssertSameFrame(ExpectedAfterWrite(frame), parsed);
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void RandomFramesSurviveASplitAtEveryByteBoundary(StompVersion version)
    {
        const int seed = 777;
        var random = new Random(seed + (int)version);
        for (var i = 0; i < 60; i++)
        {
            var frame = RandomFrames.Next(random, version, maxBody: 120);
            var expected = ExpectedAfterWrite(frame);
            var bytes = Write(frame, version);

            for (var split = 0; split <= bytes.Length; split++)
            {
                var context = $"seed {seed}, version {version}, frame {i}, split {split}";

                // The whole frame in two segments.
                var whole = Sequences.Split(bytes, split);
                var parser = Parser(version);
                Assert.True(parser.TryParseFrame(ref whole, out var parsed), context);
                AssertSameFrame(expected, parsed);
                Assert.True(whole.IsEmpty, context);

                // The first part alone is "need more", then the second part completes it.
                if (split < bytes.Length)
                {
                    var first = new ReadOnlySequence<byte>(bytes.AsMemory(0, split).ToArray());
                    Assert.False(parser.TryParseFrame(ref first, out _), context);
                    var both = Sequences.Append(first, bytes.AsMemory(split).ToArray());
                    Assert.True(parser.TryParseFrame(ref both, out parsed), context);
                    AssertSameFrame(expected, parsed);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void RandomStreamSurvivesRandomChunking(StompVersion version)
    {
        const int seed = 4242;
        var random = new Random(seed + (int)version);
        for (var round = 0; round < 20; round++)
        {
            var (bytes, expected) = RandomStream(random, version, frames: 30);
            var maxChunk = round % 4 switch { 0 => 3, 1 => 17, 2 => 100, _ => 1000 };

            var parsed = ParseIncrementally(Parser(version), bytes, () => random.Next(1, maxChunk + 1), out var rest);

            Assert.True(rest.IsEmpty, $"seed {seed}, version {version}, round {round}: {rest.Length} bytes left");
            AssertSameFrames(expected, parsed);
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void RandomStreamSurvivesOneByteAtATime(StompVersion version)
    {
        var random = new Random(99 + (int)version);
        var (bytes, expected) = RandomStream(random, version, frames: 40);

        var parsed = ParseIncrementally(Parser(version), bytes, () => 1, out var rest);

        Assert.True(rest.IsEmpty);
        AssertSameFrames(expected, parsed);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void RandomStreamInOneMultiSegmentBufferParsesWhole(StompVersion version)
    {
        var random = new Random(31337 + (int)version);
        for (var round = 0; round < 10; round++)
        {
            var (bytes, expected) = RandomStream(random, version, frames: 25);
            var buffer = Sequences.Chunked(bytes, random.Next(1, 64));

            var parsed = ParseAll(Parser(version), ref buffer);

            Assert.True(buffer.IsEmpty);
            AssertSameFrames(expected, parsed);
        }
    }

    [Fact]
    public void AllSpecialCharactersSurviveInEveryHeaderPosition()
    {
        const string nasty = ":\n\r\\\\n\\c\\r\r\n é漢😀\t\0";
        var frame = new StompFrame(StompCommand.Message)
            .With(nasty, nasty)
            .With("destination", nasty)
            .With(nasty, "second");
        frame.Body = Bytes("body\0with\0nul");

        var parsed = ParseSingle(Write(frame, StompVersion.V1_2));

        AssertSameFrame(ExpectedAfterWrite(frame), parsed);
        Assert.Equal(nasty, parsed[nasty]);
    }

    /// <summary>Random frames written back to back, with random LF / CRLF heart-beats before, between and after.</summary>
    private static (byte[] Bytes, List<StompFrame> Expected) RandomStream(Random random, StompVersion version, int frames)
    {
        var output = new ArrayBufferWriter<byte>();
        var expected = new List<StompFrame>();
        for (var i = 0; i < frames; i++)
        {
            WriteHeartbeats(random, output);
            var frame = RandomFrames.Next(random, version, maxBody: 150);
            StompWriter.WriteFrame(output, frame, version);
            expected.Add(ExpectedAfterWrite(frame));
        }

        WriteHeartbeats(random, output);
        return (output.WrittenSpan.ToArray(), expected);
    }

    private static void WriteHeartbeats(Random random, ArrayBufferWriter<byte> output)
    {
        var count = random.Next(3) == 0 ? random.Next(1, 4) : 0;
        for (var i = 0; i < count; i++)
        {
            output.Write(random.Next(2) == 0 ? StompWriter.Heartbeat : "\r\n"u8);
        }
    }

    private static StompFrame ParseSingleWithContext(byte[] bytes, StompVersion version, string context)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        var parser = Parser(version);
        try
        {
            Assert.True(parser.TryParseFrame(ref buffer, out var frame), context);
            Assert.True(buffer.IsEmpty, context);
            return frame;
        }
        catch (StompProtocolException e)
        {
            Assert.Fail($"{context}: {e.Message}");
            throw;
        }
    }
}
