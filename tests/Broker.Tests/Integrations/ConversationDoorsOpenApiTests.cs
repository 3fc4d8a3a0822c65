using System.Text.Json;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Integrations;

/// <summary>The HTTP doors in the OpenAPI document (docs/protocol.md §16 "HTTP doors", "OpenAPI").</summary>
public sealed class ConversationDoorsOpenApiTests
{
    [Fact]
    public async Task EveryDoorIsDescribedWithItsSchemasExamplesAndTag()
    {
        await using var host = await BrokerHost.StartAsync();
        using var response = await host.Http.GetAsync("openapi/v1.json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");

        var doors = new (string Path, string Method, string OperationId, string? Request, string Status, string? Response)[]
        {
            ("/api/conversations/{id}", "get", "GetConversation", null, "200", "ConversationView"),
            ("/api/conversations/{id}/messages", "post", "PostMessage", "PostMessageBody", "201", "ChatMessageView"),
            ("/api/conversations/{id}/notes", "post", "PostNote", "NoteBody", "201", "ChatMessageView"),
            ("/api/conversations/{id}/claim", "post", "ClaimConversation", null, "200", "ConversationView"),
            ("/api/conversations/{id}/close", "post", "CloseConversation", null, "200", "ConversationView"),
            ("/api/conversations/{id}/transfer", "post", "TransferConversation", "TransferBody", "200", "ConversationView"),
            ("/api/conversations/{id}/read", "post", "MarkRead", "ReadBody", "204", null),
            ("/api/conversations/{id}/typing", "post", "SetTyping", "TypingBody", "204", null),
            ("/api/conversations/{id}/rate", "post", "RateConversation", "RateBody", "200", "ConversationView"),
            ("/api/conversations", "get", "ListConversations", null, "200", null),
            ("/api/conversations/{id}/messages", "get", "ListMessages", null, "200", "MessagePage"),
        };
        foreach (var (path, method, operationId, request, status, answer) in doors)
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.Equal(operationId, operation.GetProperty("operationId").GetString());
            Assert.Equal(["Conversations"], operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            var responses = operation.GetProperty("responses");
            Assert.True(responses.TryGetProperty(status, out var success), $"{operationId}: no {status}");
            Assert.True(responses.TryGetProperty("401", out _), $"{operationId}: no 401");
            if (request is not null)
            {
                var body = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
                Assert.EndsWith("/" + request, body.GetProperty("schema").GetProperty("$ref").GetString());
                Assert.True(schemas.TryGetProperty(request, out _), $"no schema {request}");
                Assert.Equal(JsonValueKind.Object, body.GetProperty("example").ValueKind);
            }

            if (answer is not null)
            {
                var content = success.GetProperty("content").GetProperty("application/json");
                Assert.EndsWith("/" + answer, content.GetProperty("schema").GetProperty("$ref").GetString());
            }
        }

        var message = paths.GetProperty("/api/conversations/{id}/messages").GetProperty("post");
        Assert.Equal("bot", message.GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json")
            .GetProperty("example").GetProperty("senderRole").GetString());
        foreach (var refused in new[] { "400", "403", "404", "409", "503" })
        {
            Assert.True(message.GetProperty("responses").TryGetProperty(refused, out _), $"PostMessage: no {refused}");
        }

        var online = paths.GetProperty("/api/agents/online").GetProperty("get");
        Assert.Equal("ListOnlineAgents", online.GetProperty("operationId").GetString());
        Assert.Equal(["Agents"], online.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        foreach (var (path, operationId) in new[] { ("/api/auth/guest", "GuestToken"), ("/api/auth/login", "Login") })
        {
            var auth = paths.GetProperty(path).GetProperty("post");
            Assert.Equal(operationId, auth.GetProperty("operationId").GetString());
            Assert.Equal(["Auth"], auth.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            Assert.True(auth.GetProperty("responses").TryGetProperty("429", out _));
        }

        // Every operation of the document has a name and a tag.
        foreach (var pathItem in paths.EnumerateObject())
        {
            foreach (var operation in pathItem.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _)))
            {
                Assert.True(operation.Value.TryGetProperty("operationId", out _), $"{operation.Name} {pathItem.Name} has no operationId");
                Assert.True(operation.Value.TryGetProperty("tags", out var tags) && tags.GetArrayLength() > 0, $"{operation.Name} {pathItem.Name} has no tag");
            }
        }
    }
}
