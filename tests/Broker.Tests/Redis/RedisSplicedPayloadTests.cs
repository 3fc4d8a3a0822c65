using System.Text;
using CustomerChat.Broker.Redis;
using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Tests.Redis;

/// <summary>The version 3 backplane frame: the id Redis assigned, spliced into <c>message-id</c> and the body by the decoder.</summary>
public sealed class RedisSplicedPayloadTests
{
    [Fact]
    public void TheIdTheScriptPrependsGoesIntoTheMessageIdAndTheBodysIdSlot()
    {
        var body = Encoding.UTF8.GetBytes("{\"id\":\"\",\"message\":\"h\\u00e9\"}");
        var template = new BrokerMessage("/user/queue/messages", "", "application/json", body) { StreamKey = "c-1" };
        var encoded = RedisMessageCodec.EncodeWithIdSlot(template, 7);

        // What the append script publishes: 0x03 id 0x00 payload.
        byte[] published = [3, .. "1700000000000-42"u8, 0, .. encoded];
        var decoded = RedisMessageCodec.Decode(published);

        Assert.Equal("1700000000000-42", decoded.MessageId);
        Assert.Equal("{\"id\":\"1700000000000-42\",\"message\":\"h\\u00e9\"}", Encoding.UTF8.GetString(decoded.Body.Span));
        Assert.Equal("c-1", decoded.StreamKey);
        Assert.Equal("application/json", decoded.ContentType);
    }

    [Fact]
    public void AnIdSlotWithoutAnIdIsRejected()
    {
        var template = new BrokerMessage("/d", "", null, "{\"id\":\"\"}"u8.ToArray());
        Assert.Throws<FormatException>(() => RedisMessageCodec.Decode(RedisMessageCodec.EncodeWithIdSlot(template, 7)));
    }
}
