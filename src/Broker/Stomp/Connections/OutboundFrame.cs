using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// One item of a connection's outbound queue: a heart-beat EOL, a whole frame (CONNECTED, RECEIPT,
/// ERROR) or a delivery of a shared <see cref="BrokerMessage"/> to one subscription. A struct, so queueing
/// a delivery allocates nothing.
/// </summary>
internal readonly struct OutboundFrame
{
    private OutboundFrame(StompFrame? frame, BrokerMessage? message, string? subscription, string? ack, bool closeAfter, int size)
    {
        Frame = frame;
        Message = message;
        Subscription = subscription;
        Ack = ack;
        CloseAfter = closeAfter;
        Size = size;
    }

    public StompFrame? Frame { get; }

    public BrokerMessage? Message { get; }

    public string? Subscription { get; }

    public string? Ack { get; }

    /// <summary>Close the connection once this item is written (ERROR, DISCONNECT's RECEIPT).</summary>
    public bool CloseAfter { get; }

    /// <summary>Estimated bytes, for the outbound byte limit.</summary>
    public int Size { get; }

    public bool IsHeartbeat => Frame is null && Message is null;

    public static OutboundFrame Heartbeat => new(null, null, null, null, false, 1);

    /// <summary>No bytes, only the close after them (DISCONNECT without receipt).</summary>
    public static OutboundFrame CloseOnly => new(null, null, null, null, true, 0);

    public static OutboundFrame ForFrame(StompFrame frame, bool closeAfter = false) =>
        new(frame, null, null, null, closeAfter, frame.Body.Length + 64 * (frame.Headers.Count + 1));

    public static OutboundFrame ForMessage(BrokerMessage message, string subscription, string? ack) =>
        new(null, message, subscription, ack, false, message.EstimatedSize + subscription.Length);
}
