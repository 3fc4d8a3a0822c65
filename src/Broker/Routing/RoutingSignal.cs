using System.Collections.Concurrent;
using System.Threading.Channels;

namespace CustomerChat.Broker.Routing;

/// <summary>
/// Wakes <see cref="RoutingEngine"/> on this instance and tells it what changed: queues whose positions to announce,
/// agents whose <c>agent.status</c> to announce. Never blocks: observers and handlers only mark and signal.
/// </summary>
public sealed class RoutingSignal
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<string, byte> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _agents = new(StringComparer.Ordinal);

    /// <summary>Asks for an assignment pass (and the announcements marked so far).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Marks a queue whose positions changed, and wakes the engine.</summary>
    public void QueueChanged(string queue)
    {
        _queues.TryAdd(queue, 0);
        Wake();
    }

    /// <summary>Marks an agent whose load or status changed, and wakes the engine.</summary>
    public void AgentChanged(string agentId)
    {
        _agents.TryAdd(agentId, 0);
        Wake();
    }

    /// <summary>Waits until woken.</summary>
    public ValueTask<bool> WaitAsync(CancellationToken ct) => _wake.Reader.WaitToReadAsync(ct);

    /// <summary>Consumes the wake-up and returns (and clears) the marked queues and agents.</summary>
    public (IReadOnlyList<string> Queues, IReadOnlyList<string> Agents) Take()
    {
        _wake.Reader.TryRead(out _);
        return (Drain(_queues), Drain(_agents));
    }

    private static List<string> Drain(ConcurrentDictionary<string, byte> set)
    {
        var list = new List<string>();
        foreach (var key in set.Keys)
        {
            if (set.TryRemove(key, out _))
            {
                list.Add(key);
            }
        }

        return list;
    }
}
