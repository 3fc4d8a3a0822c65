using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// The first MESSAGE of every subscription to <c>/user/queue/events</c>: <c>{"type":"conversation.state","conversation"}</c>
/// with the customer's current conversation (null for agents and for customers who never had one).
/// </summary>
public sealed class ConversationStateSource(ConversationService conversations, IQueuePositions positions) : ISubscriptionSource
{
    /// <inheritdoc />
    public string Destination => Destinations.UserEvents;

    /// <inheritdoc />
    public async ValueTask<SubscriptionStart> StartAsync(StompSession session, StompFrame frame)
    {
        var user = session.User!;
        var current = user.IsAgent ? null : await conversations.GetLatestForCustomerAsync(user.UserId).ConfigureAwait(false);
        if (current is not null)
        {
            current = (await positions.WithPositionsAsync([current]).ConfigureAwait(false))[0];
        }

        var first = ChatPublisher.Event(Destinations.UserEvents, new ConversationEvent("conversation.state", current), ChatJsonContext.Default.ConversationEvent);
        return current is not null && await positions.PositionEventAsync(current).ConfigureAwait(false) is { } position
            ? new SubscriptionStart([first, position])
            : new SubscriptionStart([first]);
    }
}
