using System.Collections.Concurrent;

namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>
/// The stand-in <see cref="ITicketConversationLookup"/> until the chat provides its own: a table someone fills with
/// <see cref="Set"/>. Nothing fills it in production, so every conversation id is unknown until the chat's
/// implementation replaces it.
/// </summary>
public sealed class InMemoryTicketConversationLookup : ITicketConversationLookup
{
    private readonly ConcurrentDictionary<string, string> _customers = new(StringComparer.Ordinal);

    /// <summary>Records the customer of a conversation.</summary>
    public void Set(string conversationId, string customerId) => _customers[conversationId] = customerId;

    /// <inheritdoc />
    public Task<string?> GetCustomerIdAsync(string conversationId, CancellationToken ct) =>
        Task.FromResult(_customers.TryGetValue(conversationId, out var customer) ? customer : null);
}
