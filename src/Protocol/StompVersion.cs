namespace CustomerChat.Protocol;

/// <summary>A STOMP protocol version. Ordered, so the highest common one is a <c>Max</c>.</summary>
public enum StompVersion : byte
{
    /// <summary>STOMP 1.0: no header escaping, LF line ends, no NACK, no heart-beats.</summary>
    V1_0 = 10,
    /// <summary>STOMP 1.1: escapes <c>\n \c \\</c>, heart-beats, NACK.</summary>
    V1_1 = 11,
    /// <summary>STOMP 1.2: also escapes <c>\r</c>, CRLF line ends, ACK by <c>id</c>.</summary>
    V1_2 = 12,
}
