namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>
/// The chat's answer to "whose conversation is this?", so a ticket opened from a conversation records its customer
/// (docs/protocol.md §17). Implemented by the chat from its conversation store; any state (waiting, active,
/// closed but still kept) counts.
/// </summary>
public interface ITicketConversationLookup
{
    /// <summary>The customer id (<c>c-&lt;uuid&gt;</c>) of the conversation, or null when there is no such conversation (HTTP 400).</summary>
    Task<string?> GetCustomerIdAsync(string conversationId, CancellationToken ct);
}
