namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Hears when a user comes online anywhere or goes offline everywhere (after <c>PresenceGrace</c>, or when the
/// instance it was on died), as the support topic's <c>agent.online|offline</c> and <c>customer.connected|disconnected</c>
/// announce it (docs/protocol.md §10). Routing sets agent status from it. Called after the announcement;
/// an exception is logged and never fails the presence change.
/// </summary>
public interface IPresenceListener
{
    /// <summary><paramref name="userId"/> (an agent when <paramref name="isAgent"/>) is now online (true) or offline (false).</summary>
    Task OnPresenceChangedAsync(string userId, bool isAgent, bool online);
}
