namespace CustomerChat.Protocol.Tests;

/// <summary>STOMP 1.2 §"Protocol Negotiation" and §"Heart-beating".</summary>
public sealed class NegotiationTests
{
    // ---- heart-beat header --------------------------------------------------------------------

    [Theory]
    [InlineData(null, 0, 0)]
    [InlineData("", 0, 0)]
    [InlineData("0,0", 0, 0)]
    [InlineData("0,1000", 0, 1000)]
    [InlineData("10000,10000", 10000, 10000)]
    [InlineData("500,0", 500, 0)]
    [InlineData(" 5 , 6 ", 5, 6)]
    public void HeartbeatHeaderParsesAsOutgoingThenIncoming(string? value, int outgoing, int incoming)
    {
        Assert.Equal(new StompHeartbeat(outgoing, incoming), StompHeartbeat.Parse(value));
    }

    [Fact]
    public void MissingHeartbeatHeaderMeansNone()
    {
        Assert.Equal(StompHeartbeat.None, StompHeartbeat.Parse(null));
        Assert.Equal(new StompHeartbeat(0, 0), StompHeartbeat.None);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1000")]
    [InlineData("-1,0")]
    [InlineData("0,-1")]
    [InlineData("1,2,3")]
    [InlineData("1;2")]
    [InlineData(",1")]
    [InlineData("1,")]
    [InlineData("1.5,2")]
    [InlineData("99999999999,0")]
    public void MalformedHeartbeatHeaderIsAProtocolError(string value)
    {
        var error = Assert.Throws<StompProtocolException>(() => StompHeartbeat.Parse(value));

        Assert.Contains("heart-beat", error.Message, StringComparison.Ordinal);
        Assert.Equal(StompLimit.None, error.Limit);
    }

    [Fact]
    public void HeartbeatToStringIsTheHeaderValue()
    {
        Assert.Equal("4000,0", new StompHeartbeat(4000, 0).ToString());
        Assert.Equal(new StompHeartbeat(4000, 25), StompHeartbeat.Parse(new StompHeartbeat(4000, 25).ToString()));
    }

    [Theory]
    // client cx,cy | server sx,sy | server sends every MAX(sx,cy) | expects from client every MAX(cx,sy)
    [InlineData(0, 0, 0, 0, 0, 0)]
    [InlineData(1000, 2000, 3000, 500, 3000, 1000)]
    [InlineData(10000, 10000, 10000, 10000, 10000, 10000)]
    [InlineData(0, 1000, 5000, 5000, 5000, 0)]      // client cannot send: nothing client -> server
    [InlineData(1000, 0, 5000, 5000, 0, 5000)]      // client wants none: nothing server -> client
    [InlineData(4000, 4000, 0, 0, 0, 0)]            // server neither sends nor wants
    [InlineData(100, 100, 0, 20000, 0, 20000)]
    public void HeartbeatNegotiationTakesTheMaxWhenBothSidesAgree(int cx, int cy, int sx, int sy, int sendMs, int receiveMs)
    {
        var (send, receive) = StompHeartbeat.Negotiate(new StompHeartbeat(cx, cy), new StompHeartbeat(sx, sy));

        Assert.Equal(TimeSpan.FromMilliseconds(sendMs), send);
        Assert.Equal(TimeSpan.FromMilliseconds(receiveMs), receive);
    }

    // ---- accept-version ---------------------------------------------------------------------

    [Theory]
    [InlineData(null, StompVersion.V1_0)]
    [InlineData("", StompVersion.V1_0)]
    [InlineData("1.0", StompVersion.V1_0)]
    [InlineData("1.1", StompVersion.V1_1)]
    [InlineData("1.2", StompVersion.V1_2)]
    [InlineData("1.0,1.1,2.0", StompVersion.V1_1)] // the spec's example
    [InlineData("1.0,1.1,1.2", StompVersion.V1_2)]
    [InlineData("1.2,1.0", StompVersion.V1_2)]
    [InlineData("1.1, 1.0", StompVersion.V1_1)]
    [InlineData("3.0,1.2,2.1", StompVersion.V1_2)]
    [InlineData("1.0,,1.1", StompVersion.V1_1)]
    public void HighestCommonVersionWins(string? acceptVersion, StompVersion expected)
    {
        Assert.Equal(expected, StompVersions.Negotiate(acceptVersion));
    }

    [Theory]
    [InlineData("2.0")]
    [InlineData("1.3,2.1")]
    [InlineData("1")]
    [InlineData("v12.stomp")]
    [InlineData(",")]
    public void NoCommonVersionNegotiatesToNull(string acceptVersion)
    {
        Assert.Null(StompVersions.Negotiate(acceptVersion));
    }

    [Fact]
    public void ServerAdvertisesEveryVersionItSpeaks()
    {
        Assert.Equal("1.0,1.1,1.2", StompVersions.Supported);
        Assert.Equal(StompVersion.V1_2, StompVersions.Negotiate(StompVersions.Supported));
    }

    [Theory]
    [InlineData(StompVersion.V1_0, "1.0", "v10.stomp")]
    [InlineData(StompVersion.V1_1, "1.1", "v11.stomp")]
    [InlineData(StompVersion.V1_2, "1.2", "v12.stomp")]
    public void VersionsMapToHeaderValuesAndSubProtocols(StompVersion version, string header, string subProtocol)
    {
        Assert.Equal(header, StompVersions.ToHeaderValue(version));
        Assert.Equal(subProtocol, StompVersions.ToSubProtocol(version));
        Assert.Equal(version, StompVersions.FromSubProtocol(subProtocol));
        Assert.Equal(version, StompVersions.Negotiate(header));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("stomp")]
    [InlineData("V12.STOMP")]
    [InlineData("v13.stomp")]
    public void UnknownSubProtocolIsNull(string? name)
    {
        Assert.Null(StompVersions.FromSubProtocol(name));
    }

    [Fact]
    public void VersionsAreOrderedSoTheHighestIsTheMax()
    {
        Assert.True(StompVersion.V1_0 < StompVersion.V1_1);
        Assert.True(StompVersion.V1_1 < StompVersion.V1_2);
    }
}
