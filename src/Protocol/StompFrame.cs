namespace CustomerChat.Protocol;

/// <summary>
/// One STOMP frame: a command, its headers and a body (STOMP 1.2 §"Frames and Headers").
/// The body is raw bytes; a parsed frame's body is a copy the frame owns, so it outlives the read buffer.
/// </summary>
public sealed class StompFrame
{
    /// <summary>A frame with the given command, no headers and an empty body.</summary>
    public StompFrame(StompCommand command) : this(command, new StompHeaders(), ReadOnlyMemory<byte>.Empty)
    {
    }

    /// <summary>A frame with the given parts.</summary>
    public StompFrame(StompCommand command, StompHeaders headers, ReadOnlyMemory<byte> body)
    {
        Command = command;
        Headers = headers;
        Body = body;
    }

    /// <summary>The command.</summary>
    public StompCommand Command { get; }

    /// <summary>The headers, in wire order, unescaped.</summary>
    public StompHeaders Headers { get; }

    /// <summary>The body; empty when the frame has none.</summary>
    public ReadOnlyMemory<byte> Body { get; set; }

    /// <summary>Shorthand for <c>Headers[name]</c>: the first value or null.</summary>
    public string? this[string name] => Headers[name];

    /// <summary>Appends a header; returns this frame for chaining.</summary>
    public StompFrame With(string name, string value)
    {
        Headers.Add(name, value);
        return this;
    }

    /// <inheritdoc />
    public override string ToString() => $"{StompCommands.GetName(Command)} ({Headers.Count} headers, {Body.Length} bytes)";
}
