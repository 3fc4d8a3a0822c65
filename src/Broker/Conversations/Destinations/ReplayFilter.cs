using CustomerChat.Broker.History;
using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// After an <c>x-since</c> replay: the highest replayed message id per conversation. A live message at or below
/// it was stored before the replay read the history but published after the replay was delivered, so it is a
/// duplicate and is dropped. Immutable once built; read concurrently by publishers.
/// </summary>
public sealed class ReplayFilter : IDeliveryFilter
{
    private readonly Dictionary<string, StreamId> _highWater;

    private ReplayFilter(Dictionary<string, StreamId> highWater) => _highWater = highWater;

    /// <summary>The filter for what <paramref name="replayed"/> delivered, or null when it delivered nothing.</summary>
    public static ReplayFilter? After(IReadOnlyList<BrokerMessage> replayed)
    {
        Dictionary<string, StreamId>? highWater = null;
        foreach (var message in replayed)
        {
            if (message.StreamKey is { } key && StreamId.TryParse(message.MessageId, out var id))
            {
                highWater ??= new Dictionary<string, StreamId>(StringComparer.Ordinal);
                if (!highWater.TryGetValue(key, out var max) || id > max)
                {
                    highWater[key] = id;
                }
            }
        }

        return highWater is null ? null : new ReplayFilter(highWater);
    }

    /// <inheritdoc />
    public bool ShouldDeliver(BrokerMessage message) =>
        message.StreamKey is not { } key
        || !_highWater.TryGetValue(key, out var max)
        || !StreamId.TryParse(message.MessageId, out var id)
        || id > max;
}
