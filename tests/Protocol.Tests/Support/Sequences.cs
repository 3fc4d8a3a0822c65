using System.Buffers;

namespace CustomerChat.Protocol.Tests.Support;

/// <summary>Builds <see cref="ReadOnlySequence{T}"/> values from chained segments, as a pipe hands them out.</summary>
internal static class Sequences
{
    /// <summary>A sequence whose segments are exactly <paramref name="parts"/> (empty parts included).</summary>
    public static ReadOnlySequence<byte> Create(params ReadOnlyMemory<byte>[] parts)
    {
        if (parts.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new BufferSegment(parts[0]);
        var last = first;
        for (var i = 1; i < parts.Length; i++)
        {
            last = last.Append(parts[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Cuts <paramref name="bytes"/> at the given offsets into separately allocated segments.</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, params int[] cuts)
    {
        var parts = new List<ReadOnlyMemory<byte>>(cuts.Length + 1);
        var start = 0;
        foreach (var cut in cuts)
        {
            parts.Add(bytes.AsSpan(start, cut - start).ToArray());
            start = cut;
        }

        parts.Add(bytes.AsSpan(start).ToArray());
        return Create([.. parts]);
    }

    /// <summary>Cuts <paramref name="bytes"/> into segments of <paramref name="size"/> bytes (the last may be shorter).</summary>
    public static ReadOnlySequence<byte> Chunked(byte[] bytes, int size)
    {
        var cuts = new List<int>();
        for (var at = size; at < bytes.Length; at += size)
        {
            cuts.Add(at);
        }

        return Split(bytes, [.. cuts]);
    }

    /// <summary>A new chain holding the segments of <paramref name="head"/> followed by <paramref name="tail"/>.</summary>
    public static ReadOnlySequence<byte> Append(ReadOnlySequence<byte> head, ReadOnlyMemory<byte> tail)
    {
        var parts = new List<ReadOnlyMemory<byte>>();
        foreach (var memory in head)
        {
            parts.Add(memory);
        }

        parts.Add(tail);
        return Create([.. parts]);
    }
}
