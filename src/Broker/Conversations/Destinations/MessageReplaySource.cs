using System.Text.Json;
using CustomerChat.Broker.History;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// <c>/user/queue/messages</c> with <c>x-since</c> (docs/protocol.md §6 "/user/queue/messages", docs/protocol.md §19 "Cursors"):
/// first every message of the user's conversations after the cursor, in order, then live ones with no gap and no
/// duplicate — a live copy of a replayed message (stored before the replay read the history, published after) is
/// dropped by a <see cref="ReplayFilter"/>. The cursor is one message id, or a comma-separated list of
/// <c>&lt;conversationId&gt;=&lt;message id&gt;</c> (a conversation not listed replays from <c>0-0</c>). When a
/// conversation's cursor is older than its oldest kept message and messages after it were trimmed, the replay is
/// preceded by <c>{"type":"history.truncated","conversationId","oldestId"}</c> on the user's
/// <c>/user/queue/events</c> subscriptions on this instance. Without <c>x-since</c> the subscription starts live at once.
/// </summary>
public sealed class MessageReplaySource(ConversationHistory conversations, SubscriptionRegistry subscriptions) : ISubscriptionSource
{
    /// <summary>The SUBSCRIBE header naming the last message id the client has (or one per conversation).</summary>
    public const string SinceHeader = "x-since";

    /// <summary>The event's <c>type</c>.</summary>
    public const string TruncatedType = "history.truncated";

    /// <inheritdoc />
    public string Destination => Destinations.UserMessages;

    /// <inheritdoc />
    public async ValueTask<SubscriptionStart> StartAsync(StompSession session, StompFrame frame)
    {
        if (frame[SinceHeader] is not { } since)
        {
            return SubscriptionStart.Empty;
        }

        if (!ReplayCursor.TryParse(since, out var cursor))
        {
            return SubscriptionStart.Refused(Refusal.Invalid(Destination,
                "Invalid x-since: expected a message id such as 1700000000000-0, or <conversationId>=<message id> pairs separated by commas."));
        }

        IReadOnlyList<Protocol.Chat.ChatMessageView> replay;
        try
        {
            var (messages, truncated) = await conversations.ReplayAsync(session.User!, cursor).ConfigureAwait(false);
            replay = messages;
            foreach (var (conversationId, oldestId) in truncated)
            {
                subscriptions.Deliver(Destinations.UserEventsKey(session.User!.UserId), Truncated(conversationId, oldestId));
            }
        }
        catch (BackplaneUnavailableException)
        {
            return SubscriptionStart.Refused(Refusal.Unavailable(Destination, "History is unavailable; try again."));
        }

        var frames = replay.Select(ChatPublisher.Message).ToList();
        return new SubscriptionStart(frames, ReplayFilter.After(frames));
    }

    private static BrokerMessage Truncated(string conversationId, string oldestId)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", TruncatedType);
            json.WriteString("conversationId", conversationId);
            json.WriteString("oldestId", oldestId);
            json.WriteEndObject();
        }

        return new BrokerMessage(Destinations.UserEvents, MessageIds.NextTopicId(), "application/json", buffer.ToArray());
    }
}
