using System.Text.Json;
using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Identity;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Workspace.Labels;

/// <summary>
/// <c>PUT /api/conversations/{id}/labels</c> <c>["billing", …]</c> (agents; docs/protocol.md §14 "Labels"):
/// replaces the conversation's labels through the state machine (<see cref="ConversationCommand.SetLabels"/>), in any
/// state, then announces <c>conversation.updated</c> on the support topic and tells the observers
/// (<see cref="ConversationChangeKinds.Labelled"/>, which keep the Redis label index). Answers 200 with the
/// Conversation; 400 for a body that is not an array of valid labels or has more than 10; 401/403; 404.
/// </summary>
internal static class LabelEndpoints
{
    private static readonly ChatJsonContext Json = ChatJsonContext.Default;

    /// <summary>Maps the endpoint.</summary>
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPut("/api/conversations/{id}/labels", PutAsync)
            .WithName("SetConversationLabels").WithTags("Workspace")
            .Accepts<string[]>("application/json")
            .Produces<ConversationView>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> PutAsync(HttpContext http, string id, TokenService tokens, ConversationTransitions transitions,
        StripedLock locks, ChatPublisher publish, ConversationObservers observers)
    {
        var (_, refusal) = await WorkspaceHttp.RequireAgentAsync(http, tokens);
        if (refusal is not null)
        {
            return refusal;
        }

        string?[]? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<string?[]>(http.Request.Body, WorkspaceHttp.Json, http.RequestAborted);
        }
        catch (JsonException)
        {
            body = null;
        }

        var (labels, error) = LabelRules.Normalize(body);
        if (labels is null)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid labels", detail: error);
        }

        using (await locks.AcquireAsync(id))
        {
            var result = await transitions.ApplyAsync(id, new ConversationCommand.SetLabels(labels));
            if (result.Outcome == StoreOutcome.NotFound || result.Conversation is not { } conversation)
            {
                return TypedResults.Problem(statusCode: 404, title: "Not found");
            }

            await publish.ToSupportAsync(new ConversationEvent("conversation.updated", conversation), Json.ConversationEvent);
            await observers.ChangedAsync(new ConversationChange(ConversationChangeKinds.Labelled, conversation));
            return Results.Json(conversation, Json.ConversationView);
        }
    }
}
