using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.History;
using CustomerChat.Broker.Identity;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// The conversation API beside the WebSocket (docs/protocol.md §8), authenticated with <c>Authorization: Bearer
/// &lt;token&gt;</c>: <c>GET /api/conversations</c> for agents, and
/// <c>GET /api/conversations/{id}/messages?after=&amp;limit=</c> for the conversation's customer or any agent.
/// Anyone else gets 404 for a conversation, whether it exists or not; no token gets 401.
/// </summary>
public static class ConversationEndpoints
{
    /// <summary>The default page size of a history read.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest page size of a history read.</summary>
    public const int MaxLimit = 500;

    /// <summary>Maps both endpoints.</summary>
    public static void MapConversationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/conversations", ListAsync).WithName("ListConversations").WithTags(ConversationDoors.Tag)
            .WithSummary("Every conversation (agents), optionally of one state")
            .Produces<IReadOnlyList<ConversationView>>().ProducesProblem(401).ProducesProblem(403);
        endpoints.MapGet("/api/conversations/{id}/messages", MessagesAsync).WithName("ListMessages").WithTags(ConversationDoors.Tag)
            .WithSummary("A page of a conversation's history, oldest first (its customer or any agent)")
            .WithDescription("'after' is the last message id of the previous page ('next' of its answer); 'limit' 1 to 500, default 50.")
            .Produces<MessagePage>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(404);
    }

    private static async Task<IResult> ListAsync(HttpContext http, TokenService tokens, IConversationStore store, IQueuePositions positions, string? state)
    {
        var user = await BearerUser.GetAsync(http, tokens);
        if (user is null)
        {
            return Results.Problem(statusCode: 401, title: "A valid bearer token is required");
        }

        if (!user.IsAgent)
        {
            return Results.Problem(statusCode: 403, title: "Only agents may list conversations");
        }

        var all = await store.ListAsync(includeClosed: true);
        var list = await positions.WithPositionsAsync(state is null ? all : all.Where(c => c.State == state).ToList());
        return Results.Json(list, ChatJsonContext.Default.IReadOnlyListConversationView);
    }

    private static async Task<IResult> MessagesAsync(HttpContext http, string id, string? after, int? limit, TokenService tokens, IConversationStore store, IHistoryStore history)
    {
        var user = await BearerUser.GetAsync(http, tokens);
        if (user is null)
        {
            return Results.Problem(statusCode: 401, title: "A valid bearer token is required");
        }

        var conversation = await store.GetAsync(id);
        if (conversation is null || !(user.IsAgent || conversation.CustomerId == user.UserId))
        {
            return Results.Problem(statusCode: 404, title: "Not found");
        }

        StreamId? afterId = null;
        if (!string.IsNullOrEmpty(after))
        {
            if (!StreamId.TryParse(after, out var parsed))
            {
                return Results.Problem(statusCode: 400, title: "Invalid 'after'", detail: "'after' must be a message id such as 1700000000000-0.");
            }

            afterId = parsed;
        }

        var size = limit ?? DefaultLimit;
        if (size is < 1 or > MaxLimit)
        {
            return Results.Problem(statusCode: 400, title: "Invalid 'limit'", detail: $"'limit' must be from 1 to {MaxLimit}.");
        }

        var page = await history.ReadAsync(id, afterId, size);
        var next = page.Count == size ? page[^1].Id : null;
        return Results.Json(new MessagePage(page, next), ChatJsonContext.Default.MessagePage);
    }
}
