using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// The HTTP doors of the chat (docs/protocol.md §16 "HTTP doors"): every chat action of the STOMP
/// destinations also over HTTP, through the same <see cref="ConversationService"/> / <see cref="ConversationSignals"/>
/// methods, so the rules, the refusals (as problems, <see cref="RefusalProblems"/>) and the live delivery are the ones
/// of STOMP. Callers: bearer users with their STOMP rights, and API keys (read every conversation, write messages as
/// <c>senderRole: "bot"</c> and notes; never act as an agent or a customer: 403).
/// <code>
/// GET  /api/conversations/{id}            200 Conversation          customer (own; 404 otherwise), agent, API key
/// POST /api/conversations/{id}/messages   201 ChatMessage           {"message", "clientMessageId"?}
/// POST /api/conversations/{id}/notes      201 ChatMessage (private) {"message", "clientMessageId"?}  agent, API key
/// POST /api/conversations/{id}/claim      200 Conversation          agent
/// POST /api/conversations/{id}/close      200 Conversation          customer (own), agent
/// POST /api/conversations/{id}/transfer   200 Conversation          {"toAgent"}  agent
/// POST /api/conversations/{id}/read       204                       {"messageId"}
/// POST /api/conversations/{id}/typing     204                       {"typing"}
/// POST /api/conversations/{id}/rate       200 Conversation          {"score", "comment"?}  customer
/// GET  /api/agents/online                 200 [{"id","name","online"}]  agent, API key
/// </code>
/// </summary>
public static class ConversationDoors
{
    /// <summary>The OpenAPI tag of the conversation endpoints.</summary>
    public const string Tag = "Conversations";

    /// <summary>The OpenAPI tag of <c>/api/agents/…</c>.</summary>
    public const string AgentsTag = "Agents";

    /// <summary>Registers what the doors need beyond the conversation layer: <see cref="IntegrationMessages"/> and <see cref="DoorRateLimiter"/>.</summary>
    public static IServiceCollection AddConversationDoors(this IServiceCollection services)
    {
        services.AddSingleton<IntegrationMessages>();
        services.AddSingleton<DoorRateLimiter>();
        return services;
    }

    /// <summary>Maps the doors.</summary>
    public static IEndpointRouteBuilder MapConversationDoors(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/conversations/{id}").WithTags(Tag);
        group.MapGet("", ConversationDoorHandlers.GetAsync).WithName("GetConversation")
            .WithSummary("A conversation")
            .WithDescription("Its customer (404 for anyone else's, existing or not), any agent, or an API key.")
            .Produces<ConversationView>().ProducesProblem(401).ProducesProblem(404)
            .AddOpenApiOperationTransformer(DoorExamples.Response(DoorExamples.Conversation));
        group.MapPost("/messages", ConversationDoorHandlers.PostMessageAsync).WithName("PostMessage")
            .WithSummary("Post a chat message (the HTTP door of /chat/message)")
            .WithDescription("Stored, then delivered live to the parties' /user/queue/messages and to webhooks; 201 only once stored. " +
                "An agent must hold the conversation; a customer writes to its own (a closed one opens a new conversation, as over STOMP). " +
                "An API key writes as senderRole \"bot\" with senderName = the key's Name, to any open conversation.")
            .Accepts<PostMessageBody>("application/json").Produces<ChatMessageView>(StatusCodes.Status201Created)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(503)
            .AddOpenApiOperationTransformer(DoorExamples.RequestAndResponse(DoorExamples.PostMessage, "201", DoorExamples.Message));
        group.MapPost("/notes", ConversationDoorHandlers.PostNoteAsync).WithName("PostNote")
            .WithSummary("Add a private note (agents and API keys)")
            .WithDescription("A ChatMessage with \"private\": true, kept in the history and delivered to agents only; never a message.created webhook.")
            .Accepts<NoteBody>("application/json").Produces<ChatMessageView>(StatusCodes.Status201Created)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(503)
            .AddOpenApiOperationTransformer(DoorExamples.RequestAndResponse(DoorExamples.PostNote, "201", DoorExamples.Note));
        group.MapPost("/claim", ConversationDoorHandlers.ClaimAsync).WithName("ClaimConversation")
            .WithSummary("Claim a waiting conversation (agents; the HTTP door of /chat/claim)")
            .WithDescription("Exactly one agent wins a race (STOMP or HTTP); the others get 409.")
            .Produces<ConversationView>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(503)
            .AddOpenApiOperationTransformer(DoorExamples.Response(DoorExamples.Conversation));
        group.MapPost("/close", ConversationDoorHandlers.CloseAsync).WithName("CloseConversation")
            .WithSummary("Close a conversation (its customer or its agent; the HTTP door of /chat/close)")
            .Produces<ConversationView>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(503);
        group.MapPost("/transfer", ConversationDoorHandlers.TransferAsync).WithName("TransferConversation")
            .WithSummary("Hand an active conversation to another agent (the HTTP door of /chat/transfer)")
            .Accepts<TransferBody>("application/json")
            .Produces<ConversationView>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(503)
            .AddOpenApiOperationTransformer(DoorExamples.Request(DoorExamples.Transfer));
        group.MapPost("/read", ConversationDoorHandlers.ReadAsync).WithName("MarkRead")
            .WithSummary("Read up to and including a message (the HTTP door of /chat/read)")
            .WithDescription("The other party gets {\"type\": \"read\"} on /user/queue/events.")
            .Accepts<ReadBody>("application/json")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(409)
            .AddOpenApiOperationTransformer(DoorExamples.Request(DoorExamples.Read));
        group.MapPost("/typing", ConversationDoorHandlers.TypingAsync).WithName("SetTyping")
            .WithSummary("Tell the other party that you are (or stopped) typing (the HTTP door of /chat/typing)")
            .Accepts<TypingBody>("application/json")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(409)
            .AddOpenApiOperationTransformer(DoorExamples.Request(DoorExamples.Typing));
        group.MapPost("/rate", ConversationDoorHandlers.RateAsync).WithName("RateConversation")
            .WithSummary("Rate a closed conversation, once (customers; the HTTP door of /chat/rate)")
            .Accepts<RateBody>("application/json")
            .Produces<ConversationView>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(409)
            .AddOpenApiOperationTransformer(DoorExamples.Request(DoorExamples.Rate));
        endpoints.MapGet("/api/agents/online", ConversationDoorHandlers.OnlineAgentsAsync).WithName("ListOnlineAgents").WithTags(AgentsTag)
            .WithSummary("The agents online now, on any instance (agents and API keys)")
            .Produces<IReadOnlyList<AgentView>>().ProducesProblem(401).ProducesProblem(403)
            .AddOpenApiOperationTransformer(DoorExamples.Response(DoorExamples.OnlineAgents));
        return endpoints;
    }
}
