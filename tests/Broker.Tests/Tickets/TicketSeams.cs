using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Tickets;

/// <summary>
/// The one place the ticket tests reach into the chat: a real conversation of a customer, opened by the broker's own
/// <see cref="ConversationService"/> exactly as the customer's first STOMP connection would open it (in the broker's
/// conversation store, memory or Redis), which the tickets then find through the chat's <c>ITicketConversationLookup</c>.
/// </summary>
internal static class TicketSeams
{
    /// <summary>The open conversation of <paramref name="customerId"/> (opened now when it has none); returns its id.</summary>
    public static async Task<string> ConversationOfAsync(BrokerHost broker, string customerId)
    {
        var conversations = broker.Services.GetRequiredService<ConversationService>();
        await conversations.OpenOnFirstConnectAsync(new UserIdentity(customerId, UserRole.Customer, "Ada", DateTimeOffset.UtcNow.AddHours(1)));
        var conversation = await conversations.GetLatestForCustomerAsync(customerId);
        Assert.NotNull(conversation);
        return conversation.Id;
    }
}
