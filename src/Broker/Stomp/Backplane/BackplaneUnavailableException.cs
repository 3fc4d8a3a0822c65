namespace CustomerChat.Broker.Stomp;

/// <summary>The backplane, history or conversation store could not be reached (Redis down); nothing was stored or published.</summary>
public sealed class BackplaneUnavailableException : Exception
{
    /// <summary>Wraps the store's own failure.</summary>
    public BackplaneUnavailableException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
