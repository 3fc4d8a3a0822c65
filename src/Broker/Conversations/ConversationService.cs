using System.Globalization;
using CustomerChat.Broker.History;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Options;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol.Chat;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// The life of a conversation (SPEC §5): waiting → active → closed, messages, claim, transfer, typing,
/// read receipts and rating, each announced to the parties and the support topic. Every change of one
/// conversation runs under that conversation's lock, so its messages and events go out in order.
/// A refusal never says whether a conversation the user may not see exists: both are <c>forbidden</c>.
/// </summary>
public sealed class ConversationService(
    IConversationStore store,
    ConversationTransitions transitions,
    IHistoryStore history,
    ChatPublisher publish,
    AgentDirectory agents,
    IPresenceStore presence,
    IOptions<CustomerChatOptions> options,
    TimeProvider time)
{
    /// <summary>The longest chat message, in Unicode code points (SPEC §4).</summary>
    public const int MaxMessageCodePoints = 4000;

    /// <summary>The longest rating comment, in characters.</summary>
    public const int MaxCommentLength = 1000;

    /// <summary>The most messages one history read returns (replays and claims page through more).</summary>
    public const int ReadPage = 1000;

    private static readonly ChatJsonContext Json = ChatJsonContext.Default;
    private readonly StripedLock _locks = new();

    private ConversationOptions Settings => options.Value.Conversations;

    /// <summary>The customer's most recent conversation, or null.</summary>
    public Task<ConversationView?> GetLatestForCustomerAsync(string customerId) => store.GetLatestForCustomerAsync(customerId);

    /// <summary>Opens a waiting conversation for a customer who never had one (its first connection, SPEC §5).</summary>
    public async Task OpenOnFirstConnectAsync(UserIdentity customer)
    {
        if (await store.GetLatestForCustomerAsync(customer.UserId).ConfigureAwait(false) is null)
        {
            await GetOrOpenAsync(customer).ConfigureAwait(false);
        }
    }

    // /chat/message {"userFrom"?, "userTo"?, "message", "conversationId"?}
    /// <summary>Stores and delivers a chat message; the caller's RECEIPT follows only once it is stored.</summary>
    public async Task<Refusal?> PostMessageAsync(UserIdentity user, ChatMessageRequest request)
    {
        const string destination = Destinations.ChatMessage;
        if (request.Message is null)
        {
            return Refusal.Invalid(destination, "'message' is required.");
        }

        if (string.IsNullOrWhiteSpace(request.Message))
        {
            return Refusal.Invalid(destination, "'message' must not be blank.");
        }

        var length = CountCodePoints(request.Message);
        if (length > MaxMessageCodePoints)
        {
            return Refusal.Invalid(destination, $"'message' is {length} characters; the limit is {MaxMessageCodePoints}.");
        }

        if (request.UserFrom is not null && request.UserFrom != user.UserId)
        {
            return Refusal.Forbidden(destination, "'userFrom' must be your own user id.");
        }

        ConversationView conversation;
        if (user.IsAgent)
        {
            var (found, refusal) = await FindForAgentAsync(user, request.ConversationId, request.UserTo, destination).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            conversation = found!;
        }
        else
        {
            if (request.ConversationId is not null
                && (await FindForCustomerAsync(user, request.ConversationId, destination).ConfigureAwait(false)).Refusal is { } notYours)
            {
                return notYours;
            }

            // A customer writing after its conversation closed opens a new one (SPEC §5).
            conversation = await GetOrOpenAsync(user).ConfigureAwait(false);
        }

        using (await _locks.AcquireAsync(conversation.Id).ConfigureAwait(false))
        {
            // Re-read under the lock: a claim or close may have happened since.
            conversation = await store.GetAsync(conversation.Id).ConfigureAwait(false) ?? conversation;
            if (conversation.State == ConversationStates.Closed)
            {
                if (user.IsAgent)
                {
                    return Refusal.Conflict(destination, "The conversation is closed.");
                }

                conversation = await GetOrOpenAsync(user).ConfigureAwait(false);
            }

            var stored = await history.AppendAsync(new ChatMessageView(
                "", conversation.Id, user.UserId,
                user.IsAgent ? conversation.CustomerId : conversation.AgentId,
                user.RoleName, user.Name, request.Message, time.GetUtcNow())).ConfigureAwait(false);
            var touched = (await transitions.ApplyAsync(conversation.Id, new ConversationCommand.Touch(stored)).ConfigureAwait(false)).Conversation ?? conversation;

            await publish.ToUserMessagesAsync(touched.CustomerId, stored).ConfigureAwait(false);
            if (touched.AgentId is { } agentId && touched.State == ConversationStates.Active)
            {
                await publish.ToUserMessagesAsync(agentId, stored).ConfigureAwait(false);
            }

            if (touched.State == ConversationStates.Waiting)
            {
                await publish.ToSupportAsync(new ConversationEvent("conversation.updated", touched), Json.ConversationEvent).ConfigureAwait(false);
            }
        }

        return null;
    }

    // /chat/claim {"conversationId"}
    /// <summary>Gives a waiting conversation to the agent; exactly one agent wins a race.</summary>
    public async Task<Refusal?> ClaimAsync(UserIdentity agent, ClaimRequest request)
    {
        const string destination = Destinations.ChatClaim;
        if (string.IsNullOrEmpty(request.ConversationId))
        {
            return Refusal.Invalid(destination, "'conversationId' is required.");
        }

        using (await _locks.AcquireAsync(request.ConversationId).ConfigureAwait(false))
        {
            var result = await transitions.ApplyAsync(request.ConversationId, new ConversationCommand.Claim(agent.UserId, agent.Name, Settings.AgentCapacity)).ConfigureAwait(false);
            switch (result.Outcome)
            {
                case StoreOutcome.NotFound:
                    return Refusal.NotFound(destination, "No such conversation.");
                case StoreOutcome.WrongState:
                    return Refusal.Conflict(destination, result.Conversation!.State == ConversationStates.Active
                        ? "The conversation was already claimed." : "The conversation is closed.");
                case StoreOutcome.AtCapacity:
                    return Refusal.Conflict(destination, $"You already have {Settings.AgentCapacity} active conversations.");
            }

            var conversation = result.Conversation!;
            await SendHistoryAsync(agent.UserId, conversation.Id).ConfigureAwait(false);
            await publish.ToSupportAsync(new ConversationEvent("conversation.claimed", conversation), Json.ConversationEvent).ConfigureAwait(false);
            await AnnounceStateAsync(conversation, "claimed", conversation.CustomerId, agent.UserId).ConfigureAwait(false);
            await publish.ToUserEventsAsync(agent.UserId, new PresenceEvent(conversation.Id, conversation.CustomerId, conversation.CustomerName, "customer",
                await presence.IsOnlineAsync(conversation.CustomerId).ConfigureAwait(false)), Json.PresenceEvent).ConfigureAwait(false);
        }

        return null;
    }

    // /chat/transfer {"conversationId", "toAgent"}
    /// <summary>Hands an active conversation of this agent to another agent.</summary>
    public async Task<Refusal?> TransferAsync(UserIdentity agent, TransferRequest request)
    {
        const string destination = Destinations.ChatTransfer;
        if (string.IsNullOrEmpty(request.ConversationId))
        {
            return Refusal.Invalid(destination, "'conversationId' is required.");
        }

        if (string.IsNullOrEmpty(request.ToAgent))
        {
            return Refusal.Invalid(destination, "'toAgent' is required.");
        }

        if (request.ToAgent == agent.UserId)
        {
            return Refusal.Invalid(destination, "'toAgent' is you already.");
        }

        if (agents.Find(request.ToAgent) is not { } target)
        {
            return Refusal.Invalid(destination, $"'toAgent': there is no agent '{request.ToAgent}'.");
        }

        using (await _locks.AcquireAsync(request.ConversationId).ConfigureAwait(false))
        {
            var result = await transitions.ApplyAsync(request.ConversationId, new ConversationCommand.Transfer(agent.UserId, target.Username, target.DisplayName, Settings.AgentCapacity)).ConfigureAwait(false);
            switch (result.Outcome)
            {
                case StoreOutcome.NotFound:
                    return Refusal.NotFound(destination, "No such conversation.");
                case StoreOutcome.NotAssigned:
                    return Refusal.Forbidden(destination, "The conversation is not yours.");
                case StoreOutcome.WrongState:
                    return Refusal.Conflict(destination, "Only an active conversation can be transferred.");
                case StoreOutcome.AtCapacity:
                    return Refusal.Conflict(destination, $"{target.DisplayName} already has {Settings.AgentCapacity} active conversations.");
            }

            var conversation = result.Conversation!;
            await SendHistoryAsync(target.Username, conversation.Id).ConfigureAwait(false);
            await publish.ToSupportAsync(new ConversationEvent("conversation.transferred", conversation, FromAgent: agent.UserId), Json.ConversationEvent).ConfigureAwait(false);
            await AnnounceStateAsync(conversation, "transferred", conversation.CustomerId, agent.UserId, target.Username).ConfigureAwait(false);
        }

        return null;
    }

    // /chat/close {"conversationId"?}
    /// <summary>Closes a conversation: the customer's own open one, or one the agent holds (or a waiting one).</summary>
    public async Task<Refusal?> CloseAsync(UserIdentity user, CloseRequest request)
    {
        const string destination = Destinations.ChatClose;
        ConversationView? conversation;
        if (user.IsAgent)
        {
            if (string.IsNullOrEmpty(request.ConversationId))
            {
                return Refusal.Invalid(destination, "'conversationId' is required.");
            }

            conversation = await store.GetAsync(request.ConversationId).ConfigureAwait(false);
            if (conversation is null)
            {
                return Refusal.NotFound(destination, "No such conversation.");
            }

            if (conversation.State == ConversationStates.Active && conversation.AgentId != user.UserId)
            {
                return Refusal.Forbidden(destination, "The conversation is not yours.");
            }
        }
        else
        {
            var (found, refusal) = await FindForCustomerAsync(user, request.ConversationId, destination).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            conversation = found!;
        }

        if (conversation.State == ConversationStates.Closed)
        {
            return Refusal.Conflict(destination, "The conversation is already closed.");
        }

        return await CloseCoreAsync(conversation.Id, "closed").ConfigureAwait(false)
            ? null
            : Refusal.Conflict(destination, "The conversation is already closed.");
    }

    /// <summary>Closes a conversation for the idle timeout; no-op when it is closed already.</summary>
    public Task CloseIdleAsync(string conversationId) => CloseCoreAsync(conversationId, "idle");

    // /chat/typing {"conversationId"?, "typing"}
    /// <summary>Tells the other party that this user is (or stopped) typing.</summary>
    public async Task<Refusal?> TypingAsync(UserIdentity user, TypingRequest request)
    {
        var (conversation, refusal) = await FindForPartyAsync(user, request.ConversationId, request.UserTo, Destinations.ChatTyping).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (OtherParty(conversation!, user) is { } other)
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

        var (conversation, refusal) = await FindForPartyAsync(user, request.ConversationId, request.UserTo, destination).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (OtherParty(conversation!, user) is { } other)
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

        var (conversation, refusal) = await FindForCustomerAsync(customer, request.ConversationId, destination).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        using (await _locks.AcquireAsync(conversation!.Id).ConfigureAwait(false))
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
        }

        return null;
    }

    /// <summary>
    /// The messages of the user's conversations (as customer, or as the current agent) with ids after
    /// <paramref name="since"/>, in id order: the <c>x-since</c> replay (SPEC §4 "Recovery").
    /// </summary>
    public async Task<IReadOnlyList<ChatMessageView>> ReplayAsync(UserIdentity user, StreamId since)
    {
        var replay = new List<ChatMessageView>();
        foreach (var conversation in await store.ListForUserAsync(user.UserId).ConfigureAwait(false))
        {
            if (conversation.LastMessage is { } last && StreamId.TryParse(last.Id, out var lastId) && lastId <= since)
            {
                continue;
            }

            replay.AddRange(await ReadAllAsync(conversation.Id, since).ConfigureAwait(false));
        }

        replay.Sort((a, b) => StreamId.Parse(a.Id).CompareTo(StreamId.Parse(b.Id)));
        return replay;
    }

    /// <summary>Waiting and active conversations, for the support topic's snapshot.</summary>
    public Task<IReadOnlyList<ConversationView>> ListOpenAsync() => store.ListAsync(includeClosed: false);

    private async Task<ConversationView> GetOrOpenAsync(UserIdentity customer)
    {
        var now = time.GetUtcNow();
        var fresh = new ConversationView(Guid.CreateVersion7().ToString("D"), ConversationStates.Waiting, customer.UserId, customer.Name,
            null, null, now, null, null, null);
        var (conversation, created) = await store.GetOrOpenAsync(customer.UserId, fresh).ConfigureAwait(false);
        if (created)
        {
            await publish.ToSupportAsync(new ConversationEvent("conversation.waiting", conversation), Json.ConversationEvent).ConfigureAwait(false);
            await publish.ToUserEventsAsync(customer.UserId, new ConversationEvent("conversation.state", conversation, "opened"), Json.ConversationEvent).ConfigureAwait(false);
        }

        return conversation;
    }

    private async Task<bool> CloseCoreAsync(string conversationId, string reason)
    {
        using (await _locks.AcquireAsync(conversationId).ConfigureAwait(false))
        {
            var result = await transitions.ApplyAsync(conversationId, new ConversationCommand.Close(time.GetUtcNow())).ConfigureAwait(false);
            if (!result.Ok)
            {
                return false;
            }

            var conversation = result.Conversation!;
            await publish.ToSupportAsync(new ConversationEvent("conversation.closed", conversation, reason), Json.ConversationEvent).ConfigureAwait(false);
            await AnnounceStateAsync(conversation, reason, conversation.CustomerId, conversation.AgentId).ConfigureAwait(false);
            return true;
        }
    }

    private async Task AnnounceStateAsync(ConversationView conversation, string reason, params string?[] users)
    {
        foreach (var userId in users.Distinct())
        {
            if (userId is not null)
            {
                await publish.ToUserEventsAsync(userId, new ConversationEvent("conversation.state", conversation, reason), Json.ConversationEvent).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends the whole history to an agent who just got the conversation (SPEC §5: messages sent while waiting are shown).</summary>
    private async Task SendHistoryAsync(string agentId, string conversationId)
    {
        foreach (var message in await ReadAllAsync(conversationId, null).ConfigureAwait(false))
        {
            await publish.ToUserMessagesAsync(agentId, message).ConfigureAwait(false);
        }
    }

    private async Task<List<ChatMessageView>> ReadAllAsync(string conversationId, StreamId? after)
    {
        var all = new List<ChatMessageView>();
        while (true)
        {
            var page = await history.ReadAsync(conversationId, after, ReadPage).ConfigureAwait(false);
            all.AddRange(page);
            if (page.Count < ReadPage)
            {
                return all;
            }

            after = StreamId.Parse(page[^1].Id);
        }
    }

    private async Task<(ConversationView? Conversation, Refusal? Refusal)> FindForPartyAsync(UserIdentity user, string? conversationId, string? userTo, string destination) =>
        user.IsAgent
            ? await FindForAgentAsync(user, conversationId, userTo, destination).ConfigureAwait(false)
            : await FindForCustomerAsync(user, conversationId, destination).ConfigureAwait(false);

    /// <summary>
    /// The customer's conversation: the named one if it is theirs (<c>forbidden</c> otherwise, whether it exists
    /// or not), else their most recent one (<c>conflict</c> when they never had one).
    /// </summary>
    private async Task<(ConversationView? Conversation, Refusal? Refusal)> FindForCustomerAsync(UserIdentity customer, string? conversationId, string destination)
    {
        var conversation = conversationId is null
            ? await store.GetLatestForCustomerAsync(customer.UserId).ConfigureAwait(false)
            : await store.GetAsync(conversationId).ConfigureAwait(false);
        if (conversation is null || conversation.CustomerId != customer.UserId)
        {
            return (null, conversationId is null
                ? Refusal.Conflict(destination, "You have no conversation.")
                : Refusal.Forbidden(destination, "Not allowed."));
        }

        return (conversation, null);
    }

    /// <summary>An active conversation assigned to this agent, by id or by the customer's id (<c>userTo</c>).</summary>
    private async Task<(ConversationView? Conversation, Refusal? Refusal)> FindForAgentAsync(UserIdentity agent, string? conversationId, string? userTo, string destination)
    {
        ConversationView? conversation;
        if (!string.IsNullOrEmpty(conversationId))
        {
            conversation = await store.GetAsync(conversationId).ConfigureAwait(false);
        }
        else if (!string.IsNullOrEmpty(userTo))
        {
            conversation = await store.GetLatestForCustomerAsync(userTo).ConfigureAwait(false);
        }
        else
        {
            return (null, Refusal.Invalid(destination, "'conversationId' or 'userTo' is required."));
        }

        if (conversation is null || conversation.AgentId != agent.UserId || conversation.State != ConversationStates.Active)
        {
            return (null, Refusal.Forbidden(destination, "You are not assigned to this conversation."));
        }

        return (conversation, null);
    }

    private static string? OtherParty(ConversationView conversation, UserIdentity user) =>
        user.UserId == conversation.CustomerId ? conversation.AgentId : conversation.CustomerId;

    private static int CountCodePoints(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
