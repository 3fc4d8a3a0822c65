using System.Diagnostics;

namespace CustomerChat.Broker.Tests.Reliability;

/// <summary>
/// Memory of the test process (the broker runs in it): the managed heap after a full, compacting collection,
/// and the working set. Numbers for the test output and docs/RELIABILITY.md, taken in the "Memory" collection,
/// which runs alone so other tests' allocations do not blur them.
/// </summary>
internal readonly record struct MemoryProbe(long ManagedBytes, long WorkingSetBytes)
{
    /// <summary>Collects fully (twice, with finalizers in between) and measures.</summary>
    public static MemoryProbe Measure()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return new MemoryProbe(GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }

    /// <summary>The managed heap now, without collecting (for peaks during a run).</summary>
    public static long ManagedNow() => GC.GetTotalMemory(forceFullCollection: false);

    /// <summary>"12.3 MiB".</summary>
    public static string MiB(long bytes) => $"{bytes / (1024.0 * 1024.0):0.0} MiB";

    /// <inheritdoc />
    public override string ToString() => $"managed heap {MiB(ManagedBytes)}, working set {MiB(WorkingSetBytes)}";
}

/// <summary>Tests that measure memory run one at a time, after the parallel ones (xunit runs this collection alone).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Memory";
}
