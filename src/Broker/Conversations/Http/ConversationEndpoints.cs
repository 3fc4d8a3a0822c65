using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.History;
using CustomerChat.Broker.Identity;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// The conversation API beside the WebSocket (docs/protocol.md §8), authenticated with <c>Authorization: Bearer
/// &lt;token&gt;</c>: <c>GET /api/conversations?state=&amp;agent=&amp;department=&amp;label=&amp;q=</c> for agents
/// (filters combined, docs/protocol.md §14 "Filters and search"), and
/// <c>GET /api/conversations/{id}/messages?after=&amp;limit=</c> for the conversation's customer or any agent.
/// Anyone else gets 404 for a conversation, whether it exists or not; no token gets 401. The history is read through
/// <see cref="ConversationHistory"/> with the caller's <see cref="MessageVisibility"/>: a customer never gets a note.
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

    private static async Task<IResult> ListAsync(HttpContext http, TokenService tokens, IConversationSearch search, IQueuePositions positions,
        string? state, string? agent, string? department, string? label, string? q)
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

        var query = new ConversationQuery(Blank(state), Blank(agent), Blank(department), Blank(label), SearchWords.Of(q));
        var list = await positions.WithPositionsAsync(await search.SearchAsync(query, http.RequestAborted));
        return Results.Json(list, ChatJsonContext.Default.IReadOnlyListConversationView);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static async Task<IResult> MessagesAsync(HttpContext http, string id, string? after, int? limit, TokenService tokens, IConversationStore store, ConversationHistory history)
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

        var (page, next) = await history.ReadPageAsync(id, afterId, size, MessageVisibility.For(user));
        return Results.Json(new MessagePage(page, next), ChatJsonContext.Default.MessagePage);
    }
}
