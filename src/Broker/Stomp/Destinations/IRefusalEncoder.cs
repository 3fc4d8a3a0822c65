namespace CustomerChat.Broker.Stomp;

/// <summary>
/// Turns a <see cref="Refusal"/> into the MESSAGE the session delivers on its error queue
/// (<see cref="StompRoutingOptions.ErrorQueue"/>); the application chooses the body's shape.
/// </summary>
public interface IRefusalEncoder
{
    /// <summary>
    /// The MESSAGE for <paramref name="refusal"/>; its destination is the error queue as clients subscribe to it,
    /// and it carries <c>receipt-id</c> = <paramref name="receipt"/> when the refused frame asked for a receipt.
    /// </summary>
    BrokerMessage Encode(Refusal refusal, string? receipt);
}
