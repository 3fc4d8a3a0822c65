using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Workspace;

/// <summary>
/// The one place the workspace tests open a conversation for the suggestions: a real customer connects, writes
/// the message over STOMP, and the conversation id is read from the delivered ChatMessage.
/// </summary>
internal static class WorkspaceSeams
{
    /// <summary>Makes <paramref name="text"/> the customer's last message of a new conversation (empty: none yet); returns its id.</summary>
    public static async Task<string> ConversationWithCustomerMessageAsync(BrokerHost broker, string text)
    {
        await using var customer = await ChatParty.CustomerAsync(broker, "Ada");
        if (text.Length == 0)
        {
            // The first connection opens the conversation; its state event names it.
            var state = await customer.WaitForAsync(ChatParty.Events, "conversation.state", e => e.GetProperty("conversation").ValueKind == System.Text.Json.JsonValueKind.Object);
            return state.GetProperty("conversation").GetProperty("id").GetString()!;
        }

        await customer.SendAsync("/chat/message", new { message = text });
        var delivered = await customer.WaitForMessageAsync(text);
        return delivered.GetProperty("conversationId").GetString()!;
    }
}
