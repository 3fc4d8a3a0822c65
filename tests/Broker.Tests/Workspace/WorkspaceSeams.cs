using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Workspace.CannedResponses;

namespace CustomerChat.Broker.Tests.Workspace;

/// <summary>
/// The one place the workspace tests reach into the chat: until the chat implements
/// <see cref="ICustomerLastMessage"/>, the broker's stand-in table is filled here. When the chat's implementation
/// replaces it, this helper opens a real conversation instead (a customer connects and writes the message).
/// </summary>
internal static class WorkspaceSeams
{
    /// <summary>Makes <paramref name="text"/> the customer's last message of a new conversation; returns its id.</summary>
    public static Task<string> ConversationWithCustomerMessageAsync(BrokerHost broker, string text)
    {
        var conversationId = "conv-" + Guid.NewGuid().ToString("N");
        broker.Services.GetRequiredService<InMemoryCustomerLastMessage>().Set(conversationId, text);
        return Task.FromResult(conversationId);
    }
}
