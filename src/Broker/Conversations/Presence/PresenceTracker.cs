using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Options;
using CustomerChat.Protocol.Chat;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Announces who comes and goes (docs/protocol.md §5–6, §5): <c>agent.online|offline</c> and
/// <c>customer.connected|disconnected</c> on the support topic, and a <c>presence</c> event to the other
/// party of each open conversation. Going offline waits <c>PresenceGrace</c> (3 s) after the user's last
/// session closed, so a page reload does not flap.
/// </summary>
public sealed class PresenceTracker(
    IPresenceStore presence,
    IConversationStore store,
    ConnectionRegistry connections,
    ChatPublisher publish,
    PresenceListeners listeners,
    IOptions<CustomerChatOptions> options,
    TimeProvider time,
    ILogger<PresenceTracker> logger)
{
    private static readonly ChatJsonContext Json = ChatJsonContext.Default;

    /// <summary>Whether the user is online anywhere.</summary>
    public Task<bool> IsOnlineAsync(string userId) => presence.IsOnlineAsync(userId);

    /// <summary>A session of <paramref name="user"/> was CONNECTED.</summary>
    public async Task SessionOpenedAsync(UserIdentity user)
    {
        if (!await presence.MarkOnlineAsync(user.UserId).ConfigureAwait(false))
        {
            return;
        }

        await AnnounceAsync(user, online: true).ConfigureAwait(false);
    }

    /// <summary>A session of <paramref name="user"/> ended; after the grace, the user may go offline.</summary>
    public void SessionClosed(UserIdentity user)
    {
        if (connections.SessionCount(user.UserId) > 0)
        {
            return;
        }

        _ = GoOfflineLaterAsync(user);
    }

    private async Task GoOfflineLaterAsync(UserIdentity user)
    {
        try
        {
            await Task.Delay(options.Value.Conversations.PresenceGrace, time).ConfigureAwait(false);
            if (connections.SessionCount(user.UserId) > 0 || !await presence.MarkOfflineAsync(user.UserId).ConfigureAwait(false))
            {
                return;
            }

            await AnnounceAsync(user, online: false).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ConversationLog.PresenceFailed(logger, user.UserId, ex);
        }
    }

    private async Task AnnounceAsync(UserIdentity user, bool online)
    {
        await AnnounceCoreAsync(user, online).ConfigureAwait(false);
        await listeners.NotifyAsync(user.UserId, user.IsAgent, online).ConfigureAwait(false);
    }

    private async Task AnnounceCoreAsync(UserIdentity user, bool online)
    {
        if (user.IsAgent)
        {
            await publish.ToSupportAsync(new AgentPresenceEvent(online ? "agent.online" : "agent.offline", user.UserId, user.Name), Json.AgentPresenceEvent).ConfigureAwait(false);
        }
        else
        {
            await publish.ToSupportAsync(new CustomerPresenceEvent(online ? "customer.connected" : "customer.disconnected", user.UserId, user.Name), Json.CustomerPresenceEvent).ConfigureAwait(false);
        }

        foreach (var conversation in await store.ListForUserAsync(user.UserId).ConfigureAwait(false))
        {
            if (conversation.State != ConversationStates.Active)
            {
                continue;
            }

            var other = user.UserId == conversation.CustomerId ? conversation.AgentId : conversation.CustomerId;
            if (other is not null)
            {
                await publish.ToUserEventsAsync(other, new PresenceEvent(conversation.Id, user.UserId, user.Name, user.RoleName, online), Json.PresenceEvent).ConfigureAwait(false);
            }
        }
    }
}
