using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Conversations;

/// <summary>
/// The base of the chat scenario suites. Each suite is abstract and runs once per mode (in memory, Redis)
/// through a sealed subclass that says how to start a broker, so the two modes cannot drift apart
/// (SignalR <c>HubLifetimeManagerTestBase</c>).
/// </summary>
public abstract class ChatScenarioBase
{
    /// <summary>Starts a broker of this mode with extra settings (<c>key=value</c>).</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync(params string[] settings);
}
