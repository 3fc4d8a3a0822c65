using System.Text.Json;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// A refusal on <c>/user/queue/errors</c> (docs/protocol.md §7): <c>{"type":"error","code","message","destination"}</c>,
/// with the header <c>receipt-id</c> = the refused frame's <c>receipt</c>.
/// </summary>
public sealed class ChatRefusalEncoder : IRefusalEncoder
{
    /// <inheritdoc />
    public BrokerMessage Encode(Refusal refusal, string? receipt)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new ErrorEvent(refusal.Code, refusal.Message, refusal.Destination), ChatJsonContext.Default.ErrorEvent);
        var extra = receipt is null ? null : new[] { new KeyValuePair<string, string>(StompHeaderNames.ReceiptId, receipt) };
        return new BrokerMessage(Destinations.UserErrors, MessageIds.NextTopicId(), "application/json", body, extra);
    }
}
