using System.Text.Json.Serialization.Metadata;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// The handlers behind <see cref="ConversationDoors"/>: each reads the caller (<see cref="HttpCaller"/>, 401 without
/// one), applies the STOMP door's policy rule (<see cref="IDestinationPolicy.CheckSend"/>) for a user, then calls the
/// very method the STOMP destination calls, mapping its refusal with <see cref="RefusalProblems"/>.
/// </summary>
internal static class ConversationDoorHandlers
{
    private const string NotAsIntegration = "Integrations may read conversations and write messages and notes; they never act as an agent or a customer.";

    private static readonly ChatJsonContext Json = ChatJsonContext.Default;

    public static async Task<IResult> GetAsync(HttpContext http, string id, IConversationStore store)
    {
        var caller = await HttpCaller.GetAsync(http);
        if (caller is null)
        {
            return HttpCaller.Unauthorized();
        }

        var conversation = await store.GetAsync(id);
        return conversation is null || !(caller.IsAgentOrApiKey || conversation.CustomerId == caller.User!.UserId)
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found")
            : TypedResults.Json(conversation, Json.ConversationView);
    }

    public static async Task<IResult> PostMessageAsync(HttpContext http, string id, ConversationService conversations, IntegrationMessages integrations, IDestinationPolicy policy)
    {
        var caller = await HttpCaller.GetAsync(http);
        if (caller is null)
        {
            return HttpCaller.Unauthorized();
        }

        if (Throttle(http, caller, Destinations.ChatMessage) is { } throttled)
        {
            return throttled;
        }

        var (body, invalid) = await DoorBody.ReadAsync(http, DoorsJsonContext.Default.PostMessageBody, Destinations.ChatMessage);
        if (invalid is not null)
        {
            return RefusalProblems.ToProblem(invalid);
        }

        if (caller.ApiKey is { } key)
        {
            return Created(await integrations.PostMessageAsync(key.Name, id, body!.Message, body.ClientMessageId));
        }

        var user = caller.User!;
        if (policy.CheckSend(user, Destinations.ChatMessage) is { } refused)
        {
            return RefusalProblems.ToProblem(refused);
        }

        ChatMessageView? stored = null;
        var request = new ChatMessageRequest(null, null, body!.Message, id) { ClientMessageId = body.ClientMessageId };
        var refusal = await conversations.PostMessageAsync(user, request, message => stored = message);
        return Created(new MessagePosted(stored, refusal));
    }

    public static async Task<IResult> PostNoteAsync(HttpContext http, string id, ConversationNotes notes, IntegrationMessages integrations)
    {
        var caller = await HttpCaller.GetAsync(http);
        if (caller is null)
        {
            return HttpCaller.Unauthorized();
        }

        if (Throttle(http, caller, Destinations.ChatNote) is { } throttled)
        {
            return throttled;
        }

        var (body, invalid) = await DoorBody.ReadAsync(http, DoorsJsonContext.Default.NoteBody, Destinations.ChatNote);
        if (invalid is not null)
        {
            return RefusalProblems.ToProblem(invalid);
        }

        if (caller.ApiKey is { } key)
        {
            return Created(await integrations.PostNoteAsync(key.Name, id, body!.Message, body.ClientMessageId));
        }

        ChatMessageView? stored = null;
        var refusal = await notes.PostAsync(caller.User!, new NoteRequest(id, body!.Message, body.ClientMessageId), note => stored = note);
        return Created(new MessagePosted(stored, refusal));
    }

    public static async Task<IResult> ClaimAsync(HttpContext http, string id, ConversationService conversations, IConversationStore store, IDestinationPolicy policy)
    {
        var (user, problem) = await UserAsync(http, Destinations.ChatClaim);
        return user is null ? problem! : await ActAsync(user, id, Destinations.ChatClaim, policy, store, () => conversations.ClaimAsync(user, new ClaimRequest(id)));
    }

    public static async Task<IResult> CloseAsync(HttpContext http, string id, ConversationService conversations, IConversationStore store, IDestinationPolicy policy)
    {
        var (user, problem) = await UserAsync(http, Destinations.ChatClose);
        return user is null ? problem! : await ActAsync(user, id, Destinations.ChatClose, policy, store, () => conversations.CloseAsync(user, new CloseRequest(id)));
    }

    public static async Task<IResult> TransferAsync(HttpContext http, string id, ConversationService conversations, IConversationStore store, IDestinationPolicy policy)
    {
        var (user, body, problem) = await UserAndBodyAsync(http, DoorsJsonContext.Default.TransferBody, Destinations.ChatTransfer);
        return user is null || body is null ? problem! : await ActAsync(user, id, Destinations.ChatTransfer, policy, store,
            () => conversations.TransferAsync(user, new TransferRequest(id, body.ToAgent)));
    }

    public static async Task<IResult> ReadAsync(HttpContext http, string id, ConversationSignals signals, IDestinationPolicy policy)
    {
        var (user, body, problem) = await UserAndBodyAsync(http, DoorsJsonContext.Default.ReadBody, Destinations.ChatRead);
        return user is null || body is null ? problem! : await ActAsync(user, id, Destinations.ChatRead, policy, store: null,
            () => signals.ReadAsync(user, new ReadRequest(id, body.MessageId, null)));
    }

    public static async Task<IResult> TypingAsync(HttpContext http, string id, ConversationSignals signals, IDestinationPolicy policy)
    {
        var (user, body, problem) = await UserAndBodyAsync(http, DoorsJsonContext.Default.TypingBody, Destinations.ChatTyping, allowEmpty: true);
        return user is null || body is null ? problem! : await ActAsync(user, id, Destinations.ChatTyping, policy, store: null,
            () => signals.TypingAsync(user, new TypingRequest(id, body.Typing, null)));
    }

    public static async Task<IResult> RateAsync(HttpContext http, string id, ConversationSignals signals, IConversationStore store, IDestinationPolicy policy)
    {
        var (user, body, problem) = await UserAndBodyAsync(http, DoorsJsonContext.Default.RateBody, Destinations.ChatRate);
        return user is null || body is null ? problem! : await ActAsync(user, id, Destinations.ChatRate, policy, store,
            () => signals.RateAsync(user, new RateRequest(id, body.Score, body.Comment)));
    }

    public static async Task<IResult> OnlineAgentsAsync(HttpContext http, AgentDirectory agents, PresenceTracker presence)
    {
        var caller = await HttpCaller.GetAsync(http);
        if (caller is null)
        {
            return HttpCaller.Unauthorized();
        }

        if (!caller.IsAgentOrApiKey)
        {
            return HttpCaller.Forbidden("Only agents and API keys may list agents");
        }

        var online = new List<AgentView>();
        foreach (var (username, displayName) in agents.All)
        {
            if (await presence.IsOnlineAsync(username))
            {
                online.Add(new AgentView(username, displayName, true));
            }
        }

        return TypedResults.Json<IReadOnlyList<AgentView>>(online, DoorsJsonContext.Default.IReadOnlyListAgentView);
    }

    // A bearer user (agent or customer) within its rate: 401 without a credential, 403 for an API key, 429 past the rate.
    private static async Task<(UserIdentity? User, IResult? Problem)> UserAsync(HttpContext http, string destination)
    {
        var caller = await HttpCaller.GetAsync(http);
        return caller switch
        {
            null => (null, HttpCaller.Unauthorized()),
            { User: null } => (null, HttpCaller.Forbidden(NotAsIntegration)),
            _ when Throttle(http, caller, destination) is { } throttled => (null, throttled),
            _ => (caller.User, null),
        };
    }

    // The 429 problem when the caller is past the doors' send rate, else null.
    private static IResult? Throttle(HttpContext http, Caller caller, string destination) =>
        http.RequestServices.GetRequiredService<DoorRateLimiter>().Check(caller.Id, destination) is { } refusal ? RefusalProblems.ToProblem(refusal) : null;

    // The user, then the body (read only for a caller that may act at all: without one the answer is 401 whatever the body).
    private static async Task<(UserIdentity? User, T? Body, IResult? Problem)> UserAndBodyAsync<T>(HttpContext http, JsonTypeInfo<T> type, string destination, bool allowEmpty = false)
        where T : class
    {
        var (user, problem) = await UserAsync(http, destination);
        if (user is null)
        {
            return (null, null, problem);
        }

        var (body, refusal) = await DoorBody.ReadAsync(http, type, destination, allowEmpty);
        return refusal is null ? (user, body, null) : (null, null, RefusalProblems.ToProblem(refusal));
    }

    // The policy of the STOMP destination, then the command: 200 with the conversation after it (when a store is
    // given) or 204.
    private static async Task<IResult> ActAsync(UserIdentity user, string id, string destination, IDestinationPolicy policy, IConversationStore? store,
        Func<Task<Refusal?>> command)
    {
        if ((policy.CheckSend(user, destination) ?? await command()) is { } refusal)
        {
            return RefusalProblems.ToProblem(refusal);
        }

        return store is not null && await store.GetAsync(id) is { } conversation
            ? TypedResults.Json(conversation, Json.ConversationView)
            : TypedResults.NoContent();
    }

    private static IResult Created(MessagePosted posted) => posted.Refusal is { } refusal
        ? RefusalProblems.ToProblem(refusal)
        : TypedResults.Json(posted.Message!, Json.ChatMessageView, statusCode: StatusCodes.Status201Created);
}
