using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// The chat's part in a session's life (docs/protocol.md §10): presence on every CONNECT and close,
/// and a customer's first connection opens its waiting conversation.
/// </summary>
public sealed class ChatSessionObserver(ConversationService conversations, PresenceTracker presence, ILogger<ChatSessionObserver> logger) : ISessionObserver
{
    /// <inheritdoc />
    public async Task OnSessionOpenedAsync(StompSession session)
    {
        var user = session.User!;
        await presence.SessionOpenedAsync(user).ConfigureAwait(false);
        if (!user.IsAgent)
        {
            try
            {
                await conversations.OpenOnFirstConnectAsync(user).ConfigureAwait(false);
            }
            catch (BackplaneUnavailableException ex)
            {
                // The conversation opens with the first message instead.
                ConversationLog.OpenFailed(logger, user.UserId, ex);
            }
        }
    }

    /// <inheritdoc />
    public Task OnSessionClosedAsync(StompSession session)
    {
        presence.SessionClosed(session.User!);
        return Task.CompletedTask;
    }
}
