using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CustomerChat.Broker.Conversations;

/// <summary>Request and response examples of the HTTP doors in the OpenAPI document (<c>/openapi/v1.json</c>).</summary>
internal static class DoorExamples
{
    public const string PostMessage = """{"message": "Your refund was issued today.", "clientMessageId": "crm-7f3a-1"}""";
    public const string PostNote = """{"message": "VIP customer: refund approved by billing."}""";
    public const string Transfer = """{"toAgent": "bob"}""";
    public const string Read = """{"messageId": "1767225600123-0"}""";
    public const string Typing = """{"typing": true}""";
    public const string Rate = """{"score": 5, "comment": "Quick and friendly"}""";

    public const string Message = """
        {"id": "1767225600123-0", "conversationId": "0194d3c2-6a1b-7c3d-9e4f-a1b2c3d4e5f6", "userFrom": "apikey:crm", "userTo": "c-5b1f0e8a-2c44-4f0b-9d1e-7a6b5c4d3e2f",
         "senderRole": "bot", "senderName": "crm", "message": "Your refund was issued today.", "timestamp": "2026-01-01T00:00:00.123+00:00",
         "private": false, "clientMessageId": "crm-7f3a-1"}
        """;

    public const string Note = """
        {"id": "1767225600456-0", "conversationId": "0194d3c2-6a1b-7c3d-9e4f-a1b2c3d4e5f6", "userFrom": "alice", "userTo": null,
         "senderRole": "agent", "senderName": "Alice", "message": "VIP customer: refund approved by billing.", "timestamp": "2026-01-01T00:00:00.456+00:00",
         "private": true}
        """;

    public const string Conversation = """
        {"id": "0194d3c2-6a1b-7c3d-9e4f-a1b2c3d4e5f6", "state": "active", "customerId": "c-5b1f0e8a-2c44-4f0b-9d1e-7a6b5c4d3e2f", "customerName": "Ada",
         "agentId": "alice", "agentName": "Alice", "createdAt": "2026-01-01T00:00:00+00:00", "closedAt": null, "lastMessage": null, "rating": null,
         "lastActivityAt": "2026-01-01T00:00:00+00:00", "department": null, "labels": []}
        """;

    public const string OnlineAgents = """[{"id": "alice", "name": "Alice", "online": true}]""";

    /// <summary>Sets the example of the JSON request body.</summary>
    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> Request(string request) =>
        RequestAndResponse(request, null, null);

    /// <summary>Sets the example of the 200 response.</summary>
    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> Response(string response) =>
        RequestAndResponse(null, "200", response);

    /// <summary>Sets the examples of the request body and of one response.</summary>
    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> RequestAndResponse(string? request, string? status, string? response) =>
        (operation, _, _) =>
        {
            if (request is not null && operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true && body is OpenApiMediaType bodyType)
            {
                bodyType.Example = JsonNode.Parse(request);
            }

            if (status is not null && response is not null && operation.Responses?.TryGetValue(status, out var answer) == true
                && answer.Content?.TryGetValue("application/json", out var content) == true && content is OpenApiMediaType contentType)
            {
                contentType.Example = JsonNode.Parse(response);
            }

            return Task.CompletedTask;
        };
}
