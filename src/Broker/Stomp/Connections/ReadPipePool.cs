using System.IO.Pipelines;
using Microsoft.Extensions.ObjectPool;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// The <see cref="Pipe"/>s connections read frames through, shared: a connection takes one when bytes arrive and gives
/// it back once every byte was parsed (no partial frame left), so an idle connection holds no pipe, its segment list
/// or its reader and writer (≈ 600 bytes of the idle-connection heap: docs/PERFORMANCE.md "Idle connections").
/// </summary>
internal static class ReadPipePool
{
    private static readonly ObjectPool<Pipe> Pool = new DefaultObjectPool<Pipe>(new Policy(), maximumRetained: 1024);

    /// <summary>An empty pipe: no threshold (the read loop bounds what it takes in), 4 KiB segments, no context.</summary>
    public static Pipe Rent() => Pool.Get();

    /// <summary>Gives back a pipe whose reader has consumed everything written to it.</summary>
    public static void Return(Pipe pipe) => Pool.Return(pipe);

    private sealed class Policy : PooledObjectPolicy<Pipe>
    {
        private static readonly PipeOptions Options = new(pauseWriterThreshold: 0, resumeWriterThreshold: 0, minimumSegmentSize: 4096, useSynchronizationContext: false);

        public override Pipe Create() => new(Options);

        public override bool Return(Pipe pipe)
        {
            // Reset needs both ends completed; the pipe is empty, so completing loses nothing.
            pipe.Reader.Complete();
            pipe.Writer.Complete();
            pipe.Reset();
            return true;
        }
    }
}
