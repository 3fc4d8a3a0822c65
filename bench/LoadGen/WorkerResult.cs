namespace CustomerChat.LoadGen;

/// <summary>What one worker (in this process or a child process) reports at the end; JSON between processes.</summary>
internal sealed class WorkerResult
{
    public int Worker { get; set; }
    public int Connections { get; set; }
    public int Subscribers { get; set; }
    public long Published { get; set; }
    public long Delivered { get; set; }
    public long DeliveredInWindow { get; set; }
    public long Errors { get; set; }
    public long Stalls { get; set; }
    public List<string> ErrorSamples { get; set; } = [];
    public List<long[]> Latency { get; set; } = [];
    public long LatencyMax { get; set; }
    public List<long[]> Connect { get; set; } = [];
    public long ConnectMax { get; set; }
    public double SetupSeconds { get; set; }
    public double WindowSeconds { get; set; }
    public double CpuSecondsInWindow { get; set; }
}
