namespace CustomerChat.Broker.Options;

/// <summary>Heart-beat settings under <c>CustomerChat:Heartbeat</c> (STOMP 1.2 §"Heart-beating").</summary>
public sealed class HeartbeatOptions
{
    /// <summary>cx of CONNECTED: the smallest interval at which the server sends heart-beats, ms. Default 10,000.</summary>
    public int OutgoingMilliseconds { get; set; } = 10_000;

    /// <summary>cy of CONNECTED: the interval at which the server wants to hear from the client, ms. Default 10,000.</summary>
    public int IncomingMilliseconds { get; set; } = 10_000;

    /// <summary>Added to the agreed incoming interval before a silent client is dropped. Default 5 s.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(5);
}
