using CustomerChat.Broker.Integrations.Tickets;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Workspace.DataProtection;

/// <summary>
/// Everything kept about a customer (docs/protocol.md §14 "Data protection"):
/// <c>{"customerId", "exportedAt", "conversations": [{"conversation", "messages"}], "tickets"}</c>. A conversation
/// carries its rating, labels and the customer's name, email and language; messages are ChatMessages in id order
/// (notes only in an administrator's export).
/// </summary>
/// <param name="CustomerId">The customer's id (<c>c-&lt;uuid&gt;</c>).</param>
/// <param name="ExportedAt">When the export was made (UTC).</param>
/// <param name="Conversations">The customer's conversations, oldest first, each with its messages.</param>
/// <param name="Tickets">The tickets made from the customer's conversations.</param>
public sealed record CustomerExport(string CustomerId, DateTimeOffset ExportedAt, IReadOnlyList<ExportedConversation> Conversations, IReadOnlyList<Ticket> Tickets);
