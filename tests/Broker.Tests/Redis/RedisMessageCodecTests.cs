using System.Text;
using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.Redis;

namespace CustomerChat.Broker.Tests.Redis;

/// <summary>The backplane's pub/sub payload carries a message through unchanged.</summary>
public sealed class RedisMessageCodecTests
{
    [Fact]
    public void RoundTripKeepsEveryPart()
    {
        var body = new byte[] { 0, 1, 2, 0xFF, 0, (byte)'\n' };
        var message = new BrokerMessage("/topic/ünï", "1700000000000-7", "application/octet-stream", body,
            [new("x-a", "1"), new("x-b", "välue: with colon"), new("x-a", "repeated")])
        {
            StreamKey = "0195c0de-conversation",
        };
        var decoded = RedisMessageCodec.Decode(RedisMessageCodec.Encode(message));
        Assert.Equal(message.Destination, decoded.Destination);
        Assert.Equal(message.MessageId, decoded.MessageId);
        Assert.Equal(message.ContentType, decoded.ContentType);
        Assert.Equal(body, decoded.Body.ToArray());
        Assert.Equal(message.ExtraHeaders, decoded.ExtraHeaders);
        Assert.Equal(message.StreamKey, decoded.StreamKey);
    }

    [Fact]
    public void RoundTripWithoutContentTypeHeadersOrBody()
    {
        var decoded = RedisMessageCodec.Decode(RedisMessageCodec.Encode(new BrokerMessage("/chat/topic/support", "t-1", null, ReadOnlyMemory<byte>.Empty)));
        Assert.Null(decoded.ContentType);
        Assert.Null(decoded.ExtraHeaders);
        Assert.Null(decoded.StreamKey);
        Assert.True(decoded.Body.IsEmpty);
    }

    [Fact]
    public void LongStringsUseMultiByteLengths()
    {
        var destination = "/topic/" + new string('x', 300);
        var body = Encoding.UTF8.GetBytes(new string('é', 20_000));
        var decoded = RedisMessageCodec.Decode(RedisMessageCodec.Encode(new BrokerMessage(destination, "id", "text/plain", body)));
        Assert.Equal(destination, decoded.Destination);
        Assert.Equal(body, decoded.Body.ToArray());
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 2 })]
    [InlineData(new byte[] { 1, 50, (byte)'a' })]
    [InlineData(new byte[] { 1, 0, 0, 7 })]
    public void MalformedPayloadsAreRejected(byte[] payload) =>
        Assert.Throws<FormatException>(() => RedisMessageCodec.Decode(payload));
}
