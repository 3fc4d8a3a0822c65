using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Observability;
using CustomerChat.Broker.Options;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Stomp;

/// <summary>The singletons every connection and session uses, gathered so a connection takes one argument.</summary>
public sealed class StompServices(
    IOptions<CustomerChatOptions> options,
    TokenService tokens,
    DestinationTable destinations,
    SubscriptionRegistry subscriptions,
    IBackplane backplane,
    IEnumerable<ISessionObserver> observers,
    ConnectionRegistry connections,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    BrokerMetrics metrics)
{
    /// <summary>The bound options.</summary>
    public CustomerChatOptions Options { get; } = options.Value;

    /// <summary>Token validation.</summary>
    public TokenService Tokens { get; } = tokens;

    /// <summary>The destination-handler seam: handlers, sources, policy, topics, user queues.</summary>
    public DestinationTable Destinations { get; } = destinations;

    /// <summary>This instance's subscriptions.</summary>
    public SubscriptionRegistry Subscriptions { get; } = subscriptions;

    /// <summary>Publishing to every instance.</summary>
    public IBackplane Backplane { get; } = backplane;

    /// <summary>Who hears of sessions opening and closing, in registration order.</summary>
    public ISessionObserver[] Observers { get; } = [.. observers];

    /// <summary>This instance's open connections.</summary>
    public ConnectionRegistry Connections { get; } = connections;

    /// <summary>The clock (timestamps too, so tests can run on a fake one).</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>The broker's instruments.</summary>
    public BrokerMetrics Metrics { get; } = metrics;

    /// <summary>The connection logger.</summary>
    public ILogger ConnectionLogger { get; } = loggerFactory.CreateLogger("CustomerChat.Broker.Stomp.Connections");

    /// <summary>The session logger.</summary>
    public ILogger SessionLogger { get; } = loggerFactory.CreateLogger("CustomerChat.Broker.Stomp.Sessions");
}
