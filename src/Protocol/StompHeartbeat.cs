using System.Globalization;

namespace CustomerChat.Protocol;

/// <summary>
/// A <c>heart-beat</c> header value <c>cx,cy</c> in milliseconds (STOMP 1.2 §"Heart-beating"): the
/// sender can send every <see cref="Outgoing"/> ms (0 = never) and wants to receive every
/// <see cref="Incoming"/> ms (0 = never).
/// </summary>
/// <param name="Outgoing">cx: the smallest interval at which the sender can send heart-beats, ms.</param>
/// <param name="Incoming">cy: the interval at which the sender would like to receive them, ms.</param>
public readonly record struct StompHeartbeat(int Outgoing, int Incoming)
{
    /// <summary>No heart-beats either way; the value when the header is absent.</summary>
    public static StompHeartbeat None => default;

    /// <summary>Parses <c>cx,cy</c>; a missing header is <see cref="None"/>.</summary>
    /// <exception cref="StompProtocolException">Not two non-negative integers separated by a comma.</exception>
    public static StompHeartbeat Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return None;
        }

        var comma = value.IndexOf(',');
        if (comma < 0
            || !int.TryParse(value.AsSpan(0, comma).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var cx)
            || !int.TryParse(value.AsSpan(comma + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var cy))
        {
            throw new StompProtocolException($"Invalid heart-beat header '{value}': expected two non-negative integers 'cx,cy'.");
        }

        return new StompHeartbeat(cx, cy);
    }

    /// <summary>
    /// Negotiates the intervals from the server's side. The server sends every
    /// <c>max(server.Outgoing, client.Incoming)</c> ms when both are non-zero, and expects something from
    /// the client every <c>max(client.Outgoing, server.Incoming)</c> ms when both are non-zero; 0 = never.
    /// </summary>
    public static (TimeSpan Send, TimeSpan Receive) Negotiate(StompHeartbeat client, StompHeartbeat server)
    {
        var send = client.Incoming == 0 || server.Outgoing == 0 ? 0 : Math.Max(client.Incoming, server.Outgoing);
        var receive = client.Outgoing == 0 || server.Incoming == 0 ? 0 : Math.Max(client.Outgoing, server.Incoming);
        return (TimeSpan.FromMilliseconds(send), TimeSpan.FromMilliseconds(receive));
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Outgoing},{Incoming}");
}
