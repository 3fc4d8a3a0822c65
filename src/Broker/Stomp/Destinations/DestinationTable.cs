using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// The destination-handler seam in one place: which <see cref="ISendHandler"/> serves a SEND, which
/// <see cref="ISubscriptionSource"/> starts a SUBSCRIBE, which destinations are plain topics or per-user
/// queues, and the policy and refusal shape of the application. Built once from the registered services;
/// lookups are frozen dictionaries (no lock, no allocation).
/// </summary>
public sealed class DestinationTable
{
    private readonly FrozenDictionary<string, ISendHandler> _send;
    private readonly FrozenDictionary<string, ISubscriptionSource> _sources;
    private readonly string[] _topicPrefixes;
    private readonly FrozenSet<string> _userQueues;

    /// <summary>Gathers the handlers, sources and options; two handlers for one destination stop the start-up.</summary>
    public DestinationTable(IEnumerable<ISendHandler> handlers, IEnumerable<ISubscriptionSource> sources, IDestinationPolicy policy,
        IRefusalEncoder refusals, IOptions<StompRoutingOptions> options)
    {
        _send = handlers.ToFrozenDictionary(h => h.Destination, StringComparer.Ordinal);
        _sources = sources.ToFrozenDictionary(s => s.Destination, StringComparer.Ordinal);
        _topicPrefixes = [.. options.Value.TopicPrefixes];
        _userQueues = options.Value.UserQueues.ToFrozenSet(StringComparer.Ordinal);
        ErrorDestination = options.Value.ErrorQueue is { } errors ? RoutingKeys.UserPrefix + errors.TrimStart('/') : null;
        Policy = policy;
        Refusals = refusals;
    }

    /// <summary>Who may send and subscribe where.</summary>
    public IDestinationPolicy Policy { get; }

    /// <summary>The shape of a refusal on the error queue.</summary>
    public IRefusalEncoder Refusals { get; }

    /// <summary>The error queue as clients subscribe to it (e.g. <c>/user/queue/errors</c>), or null.</summary>
    public string? ErrorDestination { get; }

    /// <summary>The handler of SENDs to <paramref name="destination"/>, or null.</summary>
    public ISendHandler? FindSendHandler(string destination) => _send.GetValueOrDefault(destination);

    /// <summary>The source of the first messages of a subscription to <paramref name="destination"/>, or null.</summary>
    public ISubscriptionSource? FindSource(string destination) => _sources.GetValueOrDefault(destination);

    /// <summary>Whether <paramref name="destination"/> is a plain topic: a registered prefix and a valid name after it.</summary>
    public bool IsTopic(string destination)
    {
        foreach (var prefix in _topicPrefixes)
        {
            if (destination.StartsWith(prefix, StringComparison.Ordinal))
            {
                return TopicNames.IsValid(destination.AsSpan(prefix.Length));
            }
        }

        return false;
    }

    /// <summary>
    /// The routing key of a subscription: <c>user:&lt;userId&gt;:/queue/x</c> for a registered user queue
    /// <c>/user/queue/x</c>, else the destination itself.
    /// </summary>
    public string RoutingKeyFor(string destination, string userId) =>
        IsUserQueue(destination) ? RoutingKeys.User(userId, destination[(RoutingKeys.UserPrefix.Length - 1)..]) : destination;

    /// <summary>Whether <paramref name="destination"/> is <c>/user</c> + a registered user queue.</summary>
    public bool IsUserQueue(string destination) =>
        destination.StartsWith(RoutingKeys.UserPrefix, StringComparison.Ordinal)
        && _userQueues.Contains(destination[(RoutingKeys.UserPrefix.Length - 1)..]);
}
