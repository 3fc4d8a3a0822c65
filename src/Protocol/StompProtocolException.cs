namespace CustomerChat.Protocol;

/// <summary>
/// A frame broke STOMP's grammar or an input limit. The broker answers it with an ERROR frame whose
/// <c>message</c> header is <see cref="Exception.Message"/>, then closes the connection (STOMP 1.2 §"ERROR").
/// The only exception the parser throws for bad input.
/// </summary>
public sealed class StompProtocolException : Exception
{
    /// <summary>A grammar fault, e.g. an unknown command or a header line without a colon.</summary>
    public StompProtocolException(string message) : base(message)
    {
    }

    /// <summary>A limit breach; <paramref name="message"/> should name the limit and its value.</summary>
    public StompProtocolException(StompLimit limit, string message) : base(message) => Limit = limit;

    /// <summary>The limit that was breached, or <see cref="StompLimit.None"/> for a grammar fault.</summary>
    public StompLimit Limit { get; }
}
