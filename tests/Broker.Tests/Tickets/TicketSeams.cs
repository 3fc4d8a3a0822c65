using CustomerChat.Broker.Integrations.Tickets;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Tickets;

/// <summary>
/// The one place the ticket tests reach into the chat: until the chat implements
/// <see cref="ITicketConversationLookup"/>, the broker's stand-in table is filled here. When the chat's implementation
/// replaces it, this helper opens a real conversation for the customer instead.
/// </summary>
internal static class TicketSeams
{
    /// <summary>A conversation of <paramref name="customerId"/>; returns its id.</summary>
    public static Task<string> ConversationOfAsync(BrokerHost broker, string customerId)
    {
        var conversationId = "conv-" + Guid.NewGuid().ToString("N");
        broker.Services.GetRequiredService<InMemoryTicketConversationLookup>().Set(conversationId, customerId);
        return Task.FromResult(conversationId);
    }
}
