using CustomerChat.Protocol;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// Open transactions of a session (STOMP 1.2 §"BEGIN", §"COMMIT", §"ABORT"): SEND, ACK and NACK frames
/// naming a <c>transaction</c> are kept here and take effect, in order, only at COMMIT.
/// Touched only by the session's read loop.
/// </summary>
internal sealed class Transactions
{
    private const int MaxOpen = 16;
    private const int MaxFramesPerTransaction = 1000;
    private readonly Dictionary<string, List<StompFrame>> _open = new(StringComparer.Ordinal);

    /// <summary>Starts a transaction; throws when the name is in use or too many are open.</summary>
    public void Begin(string name)
    {
        if (_open.ContainsKey(name))
        {
            throw new StompProtocolException($"Transaction '{name}' is already open.");
        }

        if (_open.Count >= MaxOpen)
        {
            throw new StompProtocolException($"Too many open transactions: the limit is {MaxOpen}.");
        }

        _open[name] = [];
    }

    /// <summary>Adds a frame to an open transaction.</summary>
    public void Add(string name, StompFrame frame)
    {
        var frames = Get(name);
        if (frames.Count >= MaxFramesPerTransaction)
        {
            throw new StompProtocolException($"Too many frames in transaction '{name}': the limit is {MaxFramesPerTransaction}.");
        }

        frames.Add(frame);
    }

    /// <summary>Ends a transaction and returns its frames in order.</summary>
    public List<StompFrame> Commit(string name)
    {
        var frames = Get(name);
        _open.Remove(name);
        return frames;
    }

    /// <summary>Ends a transaction, dropping its frames.</summary>
    public void Abort(string name)
    {
        Get(name);
        _open.Remove(name);
    }

    /// <summary>Drops every open transaction (the connection closed: they are aborted); returns how many frames they held.</summary>
    public int Clear()
    {
        var frames = 0;
        foreach (var held in _open.Values)
        {
            frames += held.Count;
        }

        _open.Clear();
        return frames;
    }

    private List<StompFrame> Get(string name) =>
        _open.TryGetValue(name, out var frames) ? frames : throw new StompProtocolException($"Unknown transaction '{name}'.");
}
