namespace CustomerChat.Broker.Routing;

/// <summary>The values of <c>CustomerChat:Routing:Mode</c>.</summary>
public static class RoutingModes
{
    /// <summary>The broker assigns waiting conversations to available agents.</summary>
    public const string Auto = "auto";

    /// <summary>Agents claim waiting conversations by hand.</summary>
    public const string Manual = "manual";
}
