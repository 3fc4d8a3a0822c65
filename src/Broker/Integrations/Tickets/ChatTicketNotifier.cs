using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Integrations.Webhooks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>
/// The chat's <see cref="ITicketNotifier"/> (docs/protocol.md §17 "Events"): the ticket's customer (when it has
/// one) gets <c>{"type": "ticket.updated", "ticket"}</c> on <c>/user/queue/events</c> through
/// <see cref="ChatPublisher"/> (every instance, every tab), and the webhook event <c>ticket.created</c> or
/// <c>ticket.updated</c> is queued with <c>data</c> = the ticket. Both use the HTTP API's JSON options, so the ticket
/// looks exactly as <c>GET /api/tickets/{id}</c> shows it. Never waits for webhook delivery.
/// </summary>
public sealed class ChatTicketNotifier : ITicketNotifier
{
    private readonly ChatPublisher _publish;
    private readonly IWebhookPublisher _webhooks;
    private readonly JsonTypeInfo<TicketUpdatedEvent> _eventType;
    private readonly JsonTypeInfo<Ticket> _ticketType;

    /// <summary>Creates the notifier over the chat's publisher, the webhook intake and the HTTP JSON options.</summary>
    public ChatTicketNotifier(ChatPublisher publish, IWebhookPublisher webhooks, IOptions<JsonOptions> json)
    {
        _publish = publish;
        _webhooks = webhooks;
        var options = json.Value.SerializerOptions;
        options.MakeReadOnly(populateMissingResolver: true);
        _eventType = (JsonTypeInfo<TicketUpdatedEvent>)options.GetTypeInfo(typeof(TicketUpdatedEvent));
        _ticketType = (JsonTypeInfo<Ticket>)options.GetTypeInfo(typeof(Ticket));
    }

    /// <inheritdoc />
    public async Task NotifyAsync(TicketChange change, Ticket ticket, CancellationToken ct)
    {
        if (ticket.CustomerId is { } customerId)
        {
            await _publish.ToUserEventsAsync(customerId, new TicketUpdatedEvent(ticket), _eventType).ConfigureAwait(false);
        }

        var type = change == TicketChange.Created ? WebhookEvents.TicketCreated : WebhookEvents.TicketUpdated;
        await _webhooks.PublishAsync(type, JsonSerializer.SerializeToElement(ticket, _ticketType), ct).ConfigureAwait(false);
    }
}
