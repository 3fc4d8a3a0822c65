namespace CustomerChat.Broker.Stomp;

/// <summary>The <c>ack</c> header of SUBSCRIBE (STOMP 1.2 §"SUBSCRIBE ack Header").</summary>
public enum AckMode
{
    /// <summary>Messages count as consumed once sent; no ACK expected.</summary>
    Auto,
    /// <summary>An ACK acknowledges that message and every earlier one of the subscription (cumulative).</summary>
    Client,
    /// <summary>An ACK or NACK covers exactly one message.</summary>
    ClientIndividual,
}
