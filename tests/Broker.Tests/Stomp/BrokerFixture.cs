using CustomerChat.Broker.Tests.Identity;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Stomp;

/// <summary>
/// One broker shared by the tests of a class (a class fixture): tests that do not interfere use unique
/// topic names instead of a host each. Agent tokens are minted with the shared key, so no test pays for a
/// PBKDF2 login it is not about.
/// </summary>
public class BrokerFixture : IAsyncLifetime
{
    /// <summary>The broker.</summary>
    public BrokerHost Broker { get; private set; } = null!;

    /// <summary>Settings for this fixture's broker (configuration keys).</summary>
    protected virtual IEnumerable<string> Settings => [];

    /// <summary>Opens a connection as agent <paramref name="username"/> (plain topics are agents-only, docs/protocol.md §5–6).</summary>
    public Task<StompTestClient> ConnectAgentAsync(string username = "alice", string heartbeat = "0,0", string acceptVersion = "1.2") =>
        Broker.ConnectAsync(TestTokens.Agent(username), heartbeat, acceptVersion);

    /// <inheritdoc />
    public async Task InitializeAsync() => Broker = await BrokerHost.StartAsync(
    [
        // Tests send bursts and open many connections as one agent; those limits have tests of their own.
        "CustomerChat:Limits:SendsPerSecondPerConnection=10000",
        "CustomerChat:Limits:MaxConnectionsPerUser=10000",
        .. Settings,
    ]);

    /// <inheritdoc />
    public async Task DisposeAsync() => await Broker.DisposeAsync();
}
