namespace CustomerChat.Protocol;

/// <summary>Maps <see cref="StompCommand"/> to and from its wire form (upper-case ASCII, STOMP 1.2 BNF <c>command</c>).</summary>
public static class StompCommands
{
    /// <summary>Recognises a command line (without its EOL). Returns <see cref="StompCommand.None"/> when unknown.</summary>
    /// <param name="line">The command line's bytes, e.g. <c>SEND</c>.</param>
    public static StompCommand Parse(ReadOnlySpan<byte> line) => line.Length switch
    {
        3 when line.SequenceEqual("ACK"u8) => StompCommand.Ack,
        4 when line.SequenceEqual("SEND"u8) => StompCommand.Send,
        4 when line.SequenceEqual("NACK"u8) => StompCommand.Nack,
        5 when line.SequenceEqual("STOMP"u8) => StompCommand.Stomp,
        5 when line.SequenceEqual("BEGIN"u8) => StompCommand.Begin,
        5 when line.SequenceEqual("ABORT"u8) => StompCommand.Abort,
        5 when line.SequenceEqual("ERROR"u8) => StompCommand.Error,
        6 when line.SequenceEqual("COMMIT"u8) => StompCommand.Commit,
        7 when line.SequenceEqual("CONNECT"u8) => StompCommand.Connect,
        7 when line.SequenceEqual("MESSAGE"u8) => StompCommand.Message,
        7 when line.SequenceEqual("RECEIPT"u8) => StompCommand.Receipt,
        9 when line.SequenceEqual("SUBSCRIBE"u8) => StompCommand.Subscribe,
        9 when line.SequenceEqual("CONNECTED"u8) => StompCommand.Connected,
        10 when line.SequenceEqual("DISCONNECT"u8) => StompCommand.Disconnect,
        11 when line.SequenceEqual("UNSUBSCRIBE"u8) => StompCommand.Unsubscribe,
        _ => StompCommand.None,
    };

    /// <summary>The wire form of <paramref name="command"/>, without EOL.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="command"/> is <see cref="StompCommand.None"/> or undefined.</exception>
    public static ReadOnlySpan<byte> GetBytes(StompCommand command) => command switch
    {
        StompCommand.Connect => "CONNECT"u8,
        StompCommand.Stomp => "STOMP"u8,
        StompCommand.Connected => "CONNECTED"u8,
        StompCommand.Send => "SEND"u8,
        StompCommand.Subscribe => "SUBSCRIBE"u8,
        StompCommand.Unsubscribe => "UNSUBSCRIBE"u8,
        StompCommand.Ack => "ACK"u8,
        StompCommand.Nack => "NACK"u8,
        StompCommand.Begin => "BEGIN"u8,
        StompCommand.Commit => "COMMIT"u8,
        StompCommand.Abort => "ABORT"u8,
        StompCommand.Disconnect => "DISCONNECT"u8,
        StompCommand.Message => "MESSAGE"u8,
        StompCommand.Receipt => "RECEIPT"u8,
        StompCommand.Error => "ERROR"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Not a STOMP command."),
    };

    /// <summary>The wire form of <paramref name="command"/> as a string, for logs and errors.</summary>
    public static string GetName(StompCommand command) => command == StompCommand.None ? "NONE" : System.Text.Encoding.ASCII.GetString(GetBytes(command));

    /// <summary>True for CONNECT, STOMP and CONNECTED, whose headers are never escaped (STOMP 1.2 §"Value Encoding").</summary>
    public static bool IsConnectFamily(StompCommand command) =>
        command is StompCommand.Connect or StompCommand.Stomp or StompCommand.Connected;
}
