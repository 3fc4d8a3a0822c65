using CustomerChat.Broker.History;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// <c>/user/queue/messages</c> with <c>x-since: &lt;id&gt;</c> (docs/protocol.md "Recovery"): first every message
/// of the user's conversations after that id, in order, then live ones with no gap and no duplicate — a live
/// copy of a replayed message (stored before the replay read the history, published after) is dropped by a
/// <see cref="ReplayFilter"/>. Without <c>x-since</c> the subscription starts live at once.
/// </summary>
public sealed class MessageReplaySource(ConversationHistory conversations) : ISubscriptionSource
{
    /// <summary>The SUBSCRIBE header naming the last message id the client has.</summary>
    public const string SinceHeader = "x-since";

    /// <inheritdoc />
    public string Destination => Destinations.UserMessages;

    /// <inheritdoc />
    public async ValueTask<SubscriptionStart> StartAsync(StompSession session, StompFrame frame)
    {
        if (frame[SinceHeader] is not { } since)
        {
            return SubscriptionStart.Empty;
        }

        if (!StreamId.TryParse(since, out var after))
        {
            return SubscriptionStart.Refused(Refusal.Invalid(Destination, "Invalid x-since: expected a message id such as 1700000000000-0."));
        }

        IReadOnlyList<Protocol.Chat.ChatMessageView> replay;
        try
        {
            replay = await conversations.ReplayAsync(session.User!, after).ConfigureAwait(false);
        }
        catch (BackplaneUnavailableException)
        {
            return SubscriptionStart.Refused(Refusal.Unavailable(Destination, "History is unavailable; try again."));
        }

        var messages = replay.Select(ChatPublisher.Message).ToList();
        return new SubscriptionStart(messages, ReplayFilter.After(messages));
    }
}
