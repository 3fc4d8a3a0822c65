namespace CustomerChat.Protocol;

/// <summary>
/// The command line of a STOMP frame (STOMP 1.2 §"Frames and Headers"; client frames §"Client Frames",
/// server frames §"Server Frames").
/// </summary>
public enum StompCommand : byte
{
    /// <summary>Not a command; the default value.</summary>
    None = 0,
    /// <summary>Client: open a session (STOMP 1.0 to 1.2).</summary>
    Connect,
    /// <summary>Client: open a session; the 1.1+ synonym of CONNECT.</summary>
    Stomp,
    /// <summary>Server: the session is open.</summary>
    Connected,
    /// <summary>Client: send a message to a destination.</summary>
    Send,
    /// <summary>Client: register to receive messages from a destination.</summary>
    Subscribe,
    /// <summary>Client: remove a subscription by id.</summary>
    Unsubscribe,
    /// <summary>Client: acknowledge consumption of a message.</summary>
    Ack,
    /// <summary>Client: refuse a message (1.1+).</summary>
    Nack,
    /// <summary>Client: start a transaction.</summary>
    Begin,
    /// <summary>Client: commit a transaction.</summary>
    Commit,
    /// <summary>Client: roll back a transaction.</summary>
    Abort,
    /// <summary>Client: close the session gracefully.</summary>
    Disconnect,
    /// <summary>Server: a message delivered to a subscription.</summary>
    Message,
    /// <summary>Server: a frame that asked for a receipt was processed.</summary>
    Receipt,
    /// <summary>Server: a fault; the server closes the connection after it.</summary>
    Error,
}
