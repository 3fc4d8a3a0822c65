using CustomerChat.Broker.History;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// What one party tells the other about a conversation without changing its messages (docs/protocol.md §5):
/// typing, read receipts, and the customer's rating after close.
/// </summary>
public sealed class ConversationSignals(ConversationLookup lookup, ConversationTransitions transitions, ChatPublisher publish, StripedLock locks, ConversationObservers observers)
{
    /// <summary>The longest rating comment, in characters.</summary>
    public const int MaxCommentLength = 1000;

    private static readonly ChatJsonContext Json = ChatJsonContext.Default;

    // /chat/typing {"conversationId"?, "typing"}
    /// <summary>Tells the other party that this user is (or stopped) typing.</summary>
    public async Task<Refusal?> TypingAsync(UserIdentity user, TypingRequest request)
    {
        var (conversation, refusal) = await lookup.FindForPartyAsync(user, request.ConversationId, request.UserTo, Destinations.ChatTyping).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (ConversationLookup.OtherParty(conversation!, user) is { } other)
        {
            await publish.ToUserEventsAsync(other, new TypingEvent(conversation!.Id, user.UserId, user.Name, request.Typing ?? true), Json.TypingEvent).ConfigureAwait(false);
        }

        return null;
    }

    // /chat/read {"conversationId"?, "messageId"}
    /// <summary>Tells the other party that this user read up to and including a message.</summary>
    public async Task<Refusal?> ReadAsync(UserIdentity user, ReadRequest request)
    {
        const string destination = Destinations.ChatRead;
        if (string.IsNullOrEmpty(request.MessageId))
        {
            return Refusal.Invalid(destination, "'messageId' is required.");
        }

        if (!StreamId.TryParse(request.MessageId, out _))
        {
            return Refusal.Invalid(destination, "'messageId' is not a message id.");
        }

        var (conversation, refusal) = await lookup.FindForPartyAsync(user, request.ConversationId, request.UserTo, destination).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (ConversationLookup.OtherParty(conversation!, user) is { } other)
        {
            await publish.ToUserEventsAsync(other, new ReadEvent(conversation!.Id, user.UserId, request.MessageId), Json.ReadEvent).ConfigureAwait(false);
        }

        return null;
    }

    // /chat/rate {"conversationId"?, "score": 1..5, "comment"?}
    /// <summary>Stores the customer's rating of its closed conversation, once.</summary>
    public async Task<Refusal?> RateAsync(UserIdentity customer, RateRequest request)
    {
        const string destination = Destinations.ChatRate;
        if (request.Score is null)
        {
            return Refusal.Invalid(destination, "'score' is required.");
        }

        if (request.Score is < 1 or > 5)
        {
            return Refusal.Invalid(destination, "'score' must be from 1 to 5.");
        }

        if (request.Comment is { Length: > MaxCommentLength })
        {
            return Refusal.Invalid(destination, $"'comment' must be at most {MaxCommentLength} characters.");
        }

        var (conversation, refusal) = await lookup.FindForCustomerAsync(customer, request.ConversationId, destination).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        using (await locks.AcquireAsync(conversation!.Id).ConfigureAwait(false))
        {
            var result = await transitions.ApplyAsync(conversation.Id, new ConversationCommand.Rate(new RatingView(request.Score.Value, comment))).ConfigureAwait(false);
            switch (result.Outcome)
            {
                case StoreOutcome.NotFound:
                    return Refusal.Forbidden(destination, "Not allowed.");
                case StoreOutcome.WrongState:
                    return Refusal.Conflict(destination, "A conversation can be rated only after it is closed.");
                case StoreOutcome.AlreadyRated:
                    return Refusal.Conflict(destination, "The conversation was already rated.");
            }

            if (result.Conversation!.AgentId is { } agentId)
            {
                await publish.ToUserEventsAsync(agentId, new RatedEvent(conversation.Id, request.Score.Value, comment), Json.RatedEvent).ConfigureAwait(false);
            }

            await observers.ChangedAsync(new ConversationChange(ConversationChangeKinds.Rated, result.Conversation)).ConfigureAwait(false);
        }

        return null;
    }
}
