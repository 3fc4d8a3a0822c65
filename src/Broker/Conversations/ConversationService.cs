using System.Globalization;
using CustomerChat.Broker.Automation;
using CustomerChat.Broker.BusinessHours;
using CustomerChat.Broker.Departments;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Options;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol.Chat;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// The life of a conversation (docs/protocol.md §10): waiting → active → closed, messages, claim, transfer, typing,
/// read receipts and rating, each announced to the parties and the support topic. Every change of one
/// conversation runs under that conversation's lock, so its messages and events go out in order.
/// A refusal never says whether a conversation the user may not see exists: both are <c>forbidden</c>.
/// </summary>
public sealed class ConversationService(
    IConversationStore store,
    ConversationTransitions transitions,
    ConversationLookup lookup,
    ConversationHistory conversationHistory,
    StripedLock locks,
    MessageDelivery delivery,
    MessagePipeline pipeline,
    BotResponder bot,
    BusinessHoursCalendar businessHours,
    ConversationObservers observers,
    ChatPublisher publish,
    AgentDirectory agents,
    IPresenceStore presence,
    DepartmentDirectory departments,
    IOptions<CustomerChatOptions> options,
    TimeProvider time)
{
    /// <summary>The longest chat message, in Unicode code points (docs/protocol.md §5–6).</summary>
    public const int MaxMessageCodePoints = 4000;

    /// <summary>The language of a party that named none.</summary>
    public const string DefaultLocale = "en";

    private static readonly ChatJsonContext Json = ChatJsonContext.Default;

    private ConversationOptions Settings => options.Value.Conversations;

    /// <summary>The customer's most recent conversation, or null.</summary>
    public Task<ConversationView?> GetLatestForCustomerAsync(string customerId) => store.GetLatestForCustomerAsync(customerId);

    /// <summary>Opens a waiting conversation for a customer who never had one (its first connection, docs/protocol.md §10).</summary>
    public async Task OpenOnFirstConnectAsync(UserIdentity customer)
    {
        if (await store.GetLatestForCustomerAsync(customer.UserId).ConfigureAwait(false) is null)
        {
            await GetOrOpenAsync(customer).ConfigureAwait(false);
        }
    }

    // /chat/message {"userFrom"?, "userTo"?, "message", "conversationId"?}
    /// <summary>Stores and delivers a chat message; the caller's RECEIPT follows only once it is stored.</summary>
    public Task<Refusal?> PostMessageAsync(UserIdentity user, ChatMessageRequest request) => PostMessageAsync(user, request, onStored: null);

    /// <summary>As <see cref="PostMessageAsync(UserIdentity, ChatMessageRequest)"/>; <paramref name="onStored"/> gets the message as stored (the HTTP door answers with it).</summary>
    public async Task<Refusal?> PostMessageAsync(UserIdentity user, ChatMessageRequest request, Action<ChatMessageView>? onStored)
    {
        const string destination = Destinations.ChatMessage;
        if (MessageText.Check(destination, request.Message) is { } invalid)
        {
            return invalid;
        }

        if (request.UserFrom is not null && request.UserFrom != user.UserId)
        {
            return Refusal.Forbidden(destination, "'userFrom' must be your own user id.");
        }

        if (request.ClientMessageId is { } clientMessageId && !History.ClientMessageIds.IsValid(clientMessageId))
        {
            return Refusal.Invalid(destination, History.ClientMessageIds.InvalidText);
        }

        var department = user.IsAgent || request.Department is null ? null : departments.Find(request.Department)?.Id;
        if (!user.IsAgent && request.Department is not null && department is null)
        {
            return Refusal.Invalid(destination, $"'department': there is no department '{request.Department}'.");
        }

        ConversationView conversation;
        if (user.IsAgent)
        {
            var (found, refusal) = await lookup.FindForAgentAsync(user, request.ConversationId, request.UserTo, destination).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            conversation = found!;
        }
        else
        {
            if (request.ConversationId is not null
                && (await lookup.FindForCustomerAsync(user, request.ConversationId, destination).ConfigureAwait(false)).Refusal is { } notYours)
            {
                return notYours;
            }

            // A customer writing after its conversation closed opens a new one (docs/protocol.md §10).
            conversation = await GetOrOpenAsync(user, department).ConfigureAwait(false);
        }

        using (await locks.AcquireAsync(conversation.Id).ConfigureAwait(false))
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

            // An idempotent resend (docs/protocol.md §19 "Idempotent sends"): answered, not stored or delivered again.
            if (request.ClientMessageId is { } resent && await conversationHistory.FindSentAsync(conversation.Id, user.UserId, resent).ConfigureAwait(false) is { } sent)
            {
                await delivery.CatchUpAsync(conversation, sent).ConfigureAwait(false);
                return null;
            }

            var draft = new MessageDraft(user, conversation.Id, request.Message!)
            {
                ClientMessageId = request.ClientMessageId,
                SenderLocale = (user.IsAgent ? agents.LocaleOf(user.UserId) : user.Locale) ?? DefaultLocale,
                RecipientLocale = (user.IsAgent ? conversation.CustomerLocale : conversation.AgentId is { } agent ? agents.LocaleOf(agent) : null) ?? DefaultLocale,
            };
            var outcome = await pipeline.RunAsync(draft, CancellationToken.None).ConfigureAwait(false);
            if (outcome.IsRefused)
            {
                return Refusal.Rejected(destination, outcome.Reason ?? "The message was refused.");
            }

            var isFirstCustomerMessage = !user.IsAgent && conversation.LastMessage is null;
            if (isFirstCustomerMessage && department is not null)
            {
                conversation = await ChooseDepartmentAsync(conversation, department).ConfigureAwait(false);
            }

            var message = new ChatMessageView(
                "", conversation.Id, user.UserId,
                user.IsAgent ? conversation.CustomerId : conversation.AgentId,
                user.RoleName, user.Name, outcome.Text, time.GetUtcNow())
            {
                ClientMessageId = request.ClientMessageId,
                Translation = outcome.Translation is { } t ? new MessageTranslationView(t.Language, t.Text) : null,
            };
            var (stored, touched) = await delivery.StoreAndDeliverAsync(conversation, message).ConfigureAwait(false);
            onStored?.Invoke(stored);

            if (!user.IsAgent)
            {
                var open = businessHours.IsOpenNow();
                var replies = bot.Respond(new BotInput(isFirstCustomerMessage,
                    touched.State == ConversationStates.Waiting ? BotConversationState.Waiting : BotConversationState.Active,
                    outcome.Text, open, businessHours.OfflineMessage));
                foreach (var reply in replies)
                {
                    var botMessage = new ChatMessageView("", touched.Id, BotResponder.UserId, touched.CustomerId, BotResponder.SenderRole, bot.Name, reply, time.GetUtcNow());
                    (_, touched) = await delivery.StoreAndDeliverAsync(touched, botMessage).ConfigureAwait(false);
                }
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

        var result = await AssignAsync(request.ConversationId, agent.UserId, "agent").ConfigureAwait(false);
        return result.Outcome switch
        {
            StoreOutcome.NotFound => Refusal.NotFound(destination, "No such conversation."),
            StoreOutcome.WrongState => Refusal.Conflict(destination, result.Conversation!.State == ConversationStates.Active
                ? "The conversation was already claimed." : "The conversation is closed."),
            StoreOutcome.AtCapacity => Refusal.Conflict(destination, $"You already have {CapacityOf(agent.UserId)} active conversations."),
            _ => null,
        };
    }

    /// <summary>
    /// Gives a waiting conversation to an agent within the agent's capacity (a claim by hand, <paramref name="assignedBy"/>
    /// <c>agent</c>, or routing's assignment, <c>auto</c>): the topic gets <c>conversation.claimed</c> with
    /// <c>assignedBy</c>, customer and agent <c>conversation.state</c> reason <c>claimed</c>, the agent the history.
    /// Outcomes: Ok, NotFound, WrongState (claimed or closed already), AtCapacity.
    /// </summary>
    public async Task<StoreResult> AssignAsync(string conversationId, string agentId, string assignedBy)
    {
        var agentName = agents.Find(agentId)?.DisplayName ?? agentId;
        using (await locks.AcquireAsync(conversationId).ConfigureAwait(false))
        {
            var result = await transitions.ApplyAsync(conversationId, new ConversationCommand.Claim(agentId, agentName, CapacityOf(agentId))).ConfigureAwait(false);
            if (!result.Ok)
            {
                return result;
            }

            var conversation = result.Conversation!;
            await conversationHistory.SendHistoryAsync(agentId, conversation.Id).ConfigureAwait(false);
            await publish.ToSupportAsync(new ConversationEvent("conversation.claimed", conversation) { AssignedBy = assignedBy }, Json.ConversationEvent).ConfigureAwait(false);
            await AnnounceStateAsync(conversation, "claimed", conversation.CustomerId, agentId).ConfigureAwait(false);
            await publish.ToUserEventsAsync(agentId, new PresenceEvent(conversation.Id, conversation.CustomerId, conversation.CustomerName, "customer",
                await presence.IsOnlineAsync(conversation.CustomerId).ConfigureAwait(false)), Json.PresenceEvent).ConfigureAwait(false);
            await observers.ChangedAsync(new ConversationChange(ConversationChangeKinds.Assigned, conversation, AssignedBy: assignedBy)).ConfigureAwait(false);
            return result;
        }
    }

    /// <summary>The most active conversations <paramref name="agentId"/> may hold: its own <c>Capacity</c>, else <c>Conversations:AgentCapacity</c>.</summary>
    public int CapacityOf(string agentId) => agents.Account(agentId)?.Capacity ?? Settings.AgentCapacity;

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

        using (await locks.AcquireAsync(request.ConversationId).ConfigureAwait(false))
        {
            var result = await transitions.ApplyAsync(request.ConversationId, new ConversationCommand.Transfer(agent.UserId, target.Username, target.DisplayName, CapacityOf(target.Username))).ConfigureAwait(false);
            switch (result.Outcome)
            {
                case StoreOutcome.NotFound:
                    return Refusal.NotFound(destination, "No such conversation.");
                case StoreOutcome.NotAssigned:
                    return Refusal.Forbidden(destination, "The conversation is not yours.");
                case StoreOutcome.WrongState:
                    return Refusal.Conflict(destination, "Only an active conversation can be transferred.");
                case StoreOutcome.AtCapacity:
                    return Refusal.Conflict(destination, $"{target.DisplayName} already has {CapacityOf(target.Username)} active conversations.");
            }

            var conversation = result.Conversation!;
            await conversationHistory.SendHistoryAsync(target.Username, conversation.Id).ConfigureAwait(false);
            await publish.ToSupportAsync(new ConversationEvent("conversation.transferred", conversation, FromAgent: agent.UserId), Json.ConversationEvent).ConfigureAwait(false);
            await AnnounceStateAsync(conversation, "transferred", conversation.CustomerId, agent.UserId, target.Username).ConfigureAwait(false);
            await observers.ChangedAsync(new ConversationChange(ConversationChangeKinds.Transferred, conversation, FromAgent: agent.UserId)).ConfigureAwait(false);
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
            var (found, refusal) = await lookup.FindForCustomerAsync(user, request.ConversationId, destination).ConfigureAwait(false);
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

    /// <summary>
    /// Closes a conversation for the idle timeout if it is still idle: open, with no activity after
    /// <paramref name="idleSince"/> (checked under its lock, on the state as stored). False when it was closed already
    /// or had activity since (docs/protocol.md §10: an idle close never wins over a message).
    /// </summary>
    public Task<bool> CloseIdleAsync(string conversationId, DateTimeOffset idleSince) => CloseCoreAsync(conversationId, "idle", idleSince);

    public Task<IReadOnlyList<ConversationView>> ListOpenAsync() => store.ListAsync(includeClosed: false);

    private async Task<ConversationView> GetOrOpenAsync(UserIdentity customer, string? department = null)
    {
        var now = time.GetUtcNow();
        var fresh = new ConversationView(Guid.CreateVersion7().ToString("D"), ConversationStates.Waiting, customer.UserId, customer.Name,
            null, null, now, null, null, null)
        {
            Department = department ?? customer.Department,
            CustomerLocale = customer.Locale,
            CustomerEmail = customer.Email,
        };
        var (conversation, created) = await store.GetOrOpenAsync(customer.UserId, fresh).ConfigureAwait(false);
        if (created)
        {
            await publish.ToSupportAsync(new ConversationEvent("conversation.waiting", conversation), Json.ConversationEvent).ConfigureAwait(false);
            await publish.ToUserEventsAsync(customer.UserId, new ConversationEvent("conversation.state", conversation, "opened"), Json.ConversationEvent).ConfigureAwait(false);
            await observers.ChangedAsync(new ConversationChange(ConversationChangeKinds.Created, conversation)).ConfigureAwait(false);
        }

        return conversation;
    }

    // Under the conversation's lock: a waiting conversation's first message named its department.
    private async Task<ConversationView> ChooseDepartmentAsync(ConversationView conversation, string department)
    {
        var result = await transitions.ApplyAsync(conversation.Id, new ConversationCommand.ChooseDepartment(department)).ConfigureAwait(false);
        if (!result.Ok || result.Conversation is not { } chosen || ReferenceEquals(chosen, conversation) || chosen.Department == conversation.Department)
        {
            return result.Conversation ?? conversation;
        }

        await observers.ChangedAsync(new ConversationChange(ConversationChangeKinds.DepartmentChosen, chosen)).ConfigureAwait(false);
        return chosen;
    }

    private async Task<bool> CloseCoreAsync(string conversationId, string reason, DateTimeOffset? idleSince = null)
    {
        using (await locks.AcquireAsync(conversationId).ConfigureAwait(false))
        {
            var result = await transitions.ApplyAsync(conversationId, new ConversationCommand.Close(time.GetUtcNow(), idleSince)).ConfigureAwait(false);
            if (!result.Ok)
            {
                return false;
            }

            var conversation = result.Conversation!;
            await publish.ToSupportAsync(new ConversationEvent("conversation.closed", conversation, reason), Json.ConversationEvent).ConfigureAwait(false);
            await AnnounceStateAsync(conversation, reason, conversation.CustomerId, conversation.AgentId).ConfigureAwait(false);
            await observers.ChangedAsync(new ConversationChange(ConversationChangeKinds.Closed, conversation)).ConfigureAwait(false);
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
}
