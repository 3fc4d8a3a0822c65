using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Observability;
using CustomerChat.Broker.Options;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Stomp;

/// <summary>The singletons every connection and session uses, gathered so a connection takes one argument.</summary>
public sealed class BrokerServices(
    IOptions<CustomerChatOptions> options,
    TokenService tokens,
    AccessPolicy policy,
    SubscriptionRegistry subscriptions,
    IBackplane backplane,
    IChatApplication chat,
    ConnectionRegistry connections,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    BrokerMetrics metrics)
{
    /// <summary>The bound options.</summary>
    public CustomerChatOptions Options { get; } = options.Value;

    /// <summary>Token validation.</summary>
    public TokenService Tokens { get; } = tokens;

    /// <summary>Who may subscribe and send where.</summary>
    public AccessPolicy Policy { get; } = policy;

    /// <summary>This instance's subscriptions.</summary>
    public SubscriptionRegistry Subscriptions { get; } = subscriptions;

    /// <summary>Publishing to every instance.</summary>
    public IBackplane Backplane { get; } = backplane;

    /// <summary>The chat layer.</summary>
    public IChatApplication Chat { get; } = chat;

    /// <summary>This instance's open connections.</summary>
    public ConnectionRegistry Connections { get; } = connections;

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>The broker's instruments.</summary>
    public BrokerMetrics Metrics { get; } = metrics;

    /// <summary>The connection logger.</summary>
    public ILogger ConnectionLogger { get; } = loggerFactory.CreateLogger("CustomerChat.Broker.Connections");

    /// <summary>The session logger.</summary>
    public ILogger SessionLogger { get; } = loggerFactory.CreateLogger("CustomerChat.Broker.Sessions");
}
