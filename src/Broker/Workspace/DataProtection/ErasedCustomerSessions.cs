using System.Text;
using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Workspace.DataProtection;

/// <summary>
/// Ends an erased customer's STOMP sessions on every instance (docs/protocol.md §14 "Data protection"): each ends
/// with ERROR <see cref="Message"/> and is closed. <see cref="AnnounceAsync"/> publishes the customer id on the
/// <see cref="IBackplane"/> under the routing key <see cref="RoutingKey"/>; every instance (this one included)
/// listens on that key (<see cref="ErasedCustomerListener"/>) and calls <see cref="EndLocal"/>. In memory the
/// backplane delivers locally at once; on Redis it is one <c>PUBLISH</c> on the channel <c>{p}bp:workspace:customer-erased</c>
/// (a sharded channel on a Redis Cluster), which reaches every instance once.
/// </summary>
public sealed class ErasedCustomerSessions(ConnectionRegistry connections, IBackplane backplane, TimeProvider time, ILogger<ErasedCustomerSessions> logger)
{
    /// <summary>The ERROR frame's <c>message</c> that ends an erased customer's sessions.</summary>
    public const string Message = "account erased";

    /// <summary>
    /// The backplane routing key of the announcements. No client can subscribe or send to it: it is neither a
    /// topic (<c>/topic/…</c>), nor a user queue, nor a chat destination (all start with <c>/</c>).
    /// </summary>
    public const string RoutingKey = "workspace:customer-erased";

    /// <summary>
    /// Tells every instance to end <paramref name="customerId"/>'s sessions. Returns once the backplane took the
    /// announcement (in memory: once this instance's sessions are ended).
    /// </summary>
    /// <exception cref="BackplaneUnavailableException">Redis cannot take the announcement now (the endpoint answers 503).</exception>
    public Task AnnounceAsync(string customerId, CancellationToken ct)
    {
        var id = "erased-" + time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)
            + "-" + Guid.NewGuid().ToString("N");
        var message = new BrokerMessage(RoutingKey, id, "text/plain", Encoding.UTF8.GetBytes(customerId));
        return backplane.PublishAsync(RoutingKey, message, ct);
    }

    /// <summary>
    /// Fails every live connection of this instance whose session is customer <paramref name="customerId"/>'s
    /// (ERROR <see cref="Message"/>, then closed); agents' sessions are never touched. Returns how many.
    /// </summary>
    public int EndLocal(string customerId)
    {
        var ended = connections.EndSessions(customerId, agent: false, Message);
        if (ended > 0)
        {
            DataProtectionLog.SessionsEnded(logger, customerId, ended);
        }

        return ended;
    }
}
