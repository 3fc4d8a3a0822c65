using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.History;
using CustomerChat.Broker.Integrations.Tickets;
using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.Workspace.Search;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Workspace.DataProtection;

/// <summary>
/// Export and erasure of a customer's data (docs/protocol.md §14 "Data protection"). What is kept about a
/// customer: its conversations (with rating, labels, name, email, language), their messages and notes (the
/// history), the search-index entries of those conversations, and the tickets made from them. Erasure first ends
/// the customer's sessions on every instance (ERROR <see cref="ErasedMessage"/>: here at once, elsewhere through the
/// backplane, <see cref="ErasedCustomerSessions"/>), then, conversation by conversation
/// under its lock, announces an open one as closed (reason <c>erased</c>) to the support topic and its agent,
/// deletes the history, the conversation with its state indexes, and its search-index entries; then the tickets,
/// then whatever the registered <see cref="ICustomerDataEraser"/>s keep.
/// </summary>
public sealed class CustomerDataService(
    IConversationStore store,
    ConversationHistory history,
    IHistoryStore historyStore,
    IConversationIndexEraser index,
    ITicketStore tickets,
    StripedLock locks,
    ChatPublisher publish,
    ErasedCustomerSessions sessions,
    IEnumerable<ICustomerDataEraser> erasers,
    TimeProvider time)
{
    /// <summary>The ERROR frame's <c>message</c> that ends an erased customer's sessions.</summary>
    public const string ErasedMessage = ErasedCustomerSessions.Message;

    private static readonly ChatJsonContext Json = ChatJsonContext.Default;

    /// <summary>Everything kept about <paramref name="customerId"/>, messages as <paramref name="viewer"/> may see them.</summary>
    public async Task<CustomerExport> ExportAsync(string customerId, MessageVisibility viewer, CancellationToken ct)
    {
        var conversations = new List<ExportedConversation>();
        foreach (var conversation in await ConversationsOfAsync(customerId).ConfigureAwait(false))
        {
            var messages = await history.ReadAllAsync(conversation.Id, null, viewer).ConfigureAwait(false);
            conversations.Add(new ExportedConversation(conversation, messages));
        }

        var customerTickets = await tickets.ListForCustomerAsync(customerId, ct).ConfigureAwait(false);
        return new CustomerExport(customerId, time.GetUtcNow(), conversations, customerTickets);
    }

    /// <summary>Whether anything is kept about <paramref name="customerId"/> (a conversation or a ticket).</summary>
    public async Task<bool> ExistsAsync(string customerId, CancellationToken ct) =>
        (await ConversationsOfAsync(customerId).ConfigureAwait(false)).Count > 0
        || (await tickets.ListForCustomerAsync(customerId, ct).ConfigureAwait(false)).Count > 0;

    /// <summary>
    /// Erases everything kept about <paramref name="customerId"/>; false when nothing was kept and no session was open
    /// on this instance (sessions on other instances are ended all the same).
    /// </summary>
    /// <exception cref="BackplaneUnavailableException">Redis is unreachable (before anything was deleted when the announcement failed).</exception>
    public async Task<bool> EraseAsync(string customerId, CancellationToken ct)
    {
        var found = sessions.EndLocal(customerId) > 0;
        await sessions.AnnounceAsync(customerId, ct).ConfigureAwait(false);
        foreach (var conversation in await ConversationsOfAsync(customerId).ConfigureAwait(false))
        {
            found = true;
            using (await locks.AcquireAsync(conversation.Id).ConfigureAwait(false))
            {
                var current = await store.GetAsync(conversation.Id).ConfigureAwait(false) ?? conversation;
                if (current.State != ConversationStates.Closed)
                {
                    var closed = current with { State = ConversationStates.Closed, ClosedAt = time.GetUtcNow() };
                    await publish.ToSupportAsync(new ConversationEvent("conversation.closed", closed, "erased"), Json.ConversationEvent).ConfigureAwait(false);
                    if (current.AgentId is { } agent)
                    {
                        await publish.ToUserEventsAsync(agent, new ConversationEvent("conversation.state", closed, "erased"), Json.ConversationEvent).ConfigureAwait(false);
                    }
                }

                await historyStore.DeleteAsync(conversation.Id, ct).ConfigureAwait(false);
                await store.RemoveAsync(conversation.Id).ConfigureAwait(false);
                await index.ForgetAsync(conversation.Id, ct).ConfigureAwait(false);
            }
        }

        foreach (var ticket in await tickets.ListForCustomerAsync(customerId, ct).ConfigureAwait(false))
        {
            found |= await tickets.DeleteAsync(ticket.Id, ct).ConfigureAwait(false);
        }

        foreach (var eraser in erasers)
        {
            await eraser.EraseAsync(customerId, ct).ConfigureAwait(false);
        }

        return found;
    }

    private async Task<IReadOnlyList<ConversationView>> ConversationsOfAsync(string customerId) =>
        [.. (await store.ListForUserAsync(customerId).ConfigureAwait(false)).Where(c => c.CustomerId == customerId)];
}
