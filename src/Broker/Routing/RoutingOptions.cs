namespace CustomerChat.Broker.Routing;

/// <summary>
/// <c>CustomerChat:Routing</c> (docs/protocol.md §12 "Configuration"): how waiting conversations reach agents.
/// </summary>
public sealed class RoutingOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "CustomerChat:Routing";

    /// <summary><c>auto</c> (default): the broker assigns; <c>manual</c>: agents claim by hand only.</summary>
    public string Mode { get; set; } = RoutingModes.Auto;

    /// <summary>How long an agent stays <c>offline</c> before its active conversations go back to the queue. Default 2 minutes.</summary>
    public TimeSpan RequeueAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the safety-net sweep runs (assignment, re-queue, position updates). Default 1 s.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an assignment decided but not yet stored holds its agent's slot (an instance that died mid-way frees it). Default 30 s.</summary>
    public TimeSpan ReservationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many recent assignments per queue the wait estimate averages over. Default 20.</summary>
    public int EstimatorWindow { get; set; } = 20;

    /// <summary>Whether the broker assigns by itself.</summary>
    public bool IsAuto => string.Equals(Mode, RoutingModes.Auto, StringComparison.OrdinalIgnoreCase);
}
